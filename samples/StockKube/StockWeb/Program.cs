using Grpc.Core;
using StockKube.Protos;
using StockKube.StockWeb;

var builder = WebApplication.CreateBuilder(args);

// Where StockData listens. Override with the StockData__Address environment variable,
// e.g. StockData__Address=http://stockdata:8080 in a container network.
var stockDataAddress = new Uri(builder.Configuration["StockData:Address"] ?? "http://localhost:5001");
var symbols = builder.Configuration.GetSection("Stocks:Symbols").Get<string[]>() is { Length: > 0 } configured
    ? configured
    : ["MSFT", "AAPL", "GOOG", "AMZN"];
var callTimeout = TimeSpan.FromSeconds(3);

// An http:// address makes the client speak HTTP/2 without TLS (h2c), which StockData expects.
builder.Services.AddGrpcClient<StockPrices.StockPricesClient>(options => options.Address = stockDataAddress);
builder.Services.AddHealthChecks();

var app = builder.Build();

// Liveness only: the front end stays healthy (and keeps answering) while StockData is down.
app.MapHealthChecks("/healthz");

app.MapGet("/", async (StockPrices.StockPricesClient client, ILogger<Program> logger, CancellationToken cancellation) =>
{
    var prices = new List<PriceReply>();
    string? error = null;
    try
    {
        foreach (var symbol in symbols)
        {
            prices.Add(await client.GetPriceAsync(
                new PriceRequest { Symbol = symbol },
                deadline: DateTime.UtcNow.Add(callTimeout),
                cancellationToken: cancellation));
        }
    }
    catch (RpcException ex)
    {
        logger.LogWarning("StockData call failed: {Status}", ex.Status);
        error = $"StockData at {stockDataAddress} did not answer ({ex.StatusCode}: {ex.Status.Detail}).";
    }

    return Results.Content(PricePage.Render(stockDataAddress, prices, error), "text/html; charset=utf-8");
});

// A few streamed updates for one symbol, as JSON: exercises the server-streaming call.
app.MapGet("/api/watch/{symbol}", async (string symbol, int? count, StockPrices.StockPricesClient client, CancellationToken cancellation) =>
{
    var request = new WatchRequest { IntervalMs = 1000, MaxUpdates = Math.Clamp(count ?? 3, 1, 20) };
    request.Symbols.Add(symbol);
    try
    {
        using var call = client.WatchPrices(request, deadline: DateTime.UtcNow.AddSeconds(15), cancellationToken: cancellation);
        var updates = new List<object>();
        await foreach (var price in call.ResponseStream.ReadAllAsync(cancellation))
        {
            updates.Add(new { price.Symbol, Price = price.PriceCents / 100m, price.Currency, AsOf = price.AsOf.ToDateTimeOffset(), price.Tick });
        }
        return Results.Ok(updates);
    }
    catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
    {
        return Results.BadRequest(new { error = ex.Status.Detail });
    }
    catch (RpcException ex)
    {
        return Results.Problem($"StockData did not answer ({ex.StatusCode}).", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
});

app.Run();
