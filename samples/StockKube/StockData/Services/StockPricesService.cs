using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using StockKube.Protos;

namespace StockKube.StockData.Services;

public sealed class StockPricesService(ILogger<StockPricesService> logger, TimeProvider clock)
    : StockPrices.StockPricesBase
{
    public override Task<PriceReply> GetPrice(PriceRequest request, ServerCallContext context)
    {
        var symbol = Validate(request.Symbol);
        var reply = Quote(symbol, PriceModel.TickAt(clock.GetUtcNow()));
        logger.LogDebug("GetPrice {Symbol} = {PriceCents}", symbol, reply.PriceCents);
        return Task.FromResult(reply);
    }

    public override async Task WatchPrices(
        WatchRequest request, IServerStreamWriter<PriceReply> responseStream, ServerCallContext context)
    {
        if (request.Symbols.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "At least one symbol is required."));
        }

        var symbols = request.Symbols.Select(Validate).Distinct().ToList();
        var interval = TimeSpan.FromMilliseconds(request.IntervalMs == 0 ? 1000 : Math.Clamp(request.IntervalMs, 100, 10_000));
        var cancellation = context.CancellationToken;

        for (var round = 0; request.MaxUpdates == 0 || round < request.MaxUpdates; round++)
        {
            var tick = PriceModel.TickAt(clock.GetUtcNow());
            foreach (var symbol in symbols)
            {
                await responseStream.WriteAsync(Quote(symbol, tick), cancellation);
            }

            if (request.MaxUpdates != 0 && round + 1 == request.MaxUpdates)
            {
                break;
            }

            try
            {
                await Task.Delay(interval, clock, cancellation);
            }
            catch (OperationCanceledException)
            {
                break; // the client went away
            }
        }
    }

    private static string Validate(string symbol) =>
        PriceModel.TryNormalize(symbol, out var normalized)
            ? normalized
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{symbol}' is not a valid ticker symbol."));

    private static PriceReply Quote(string symbol, long tick) => new()
    {
        Symbol = symbol,
        PriceCents = PriceModel.PriceCents(symbol, tick),
        Currency = "USD",
        AsOf = Timestamp.FromDateTimeOffset(PriceModel.TickStart(tick)),
        Tick = tick,
    };
}
