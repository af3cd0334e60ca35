using StockKube.StockData.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddGrpc();
builder.Services.AddHealthChecks();
builder.Services.AddSingleton(TimeProvider.System);

var app = builder.Build();

app.MapGrpcService<StockPricesService>();
// appsettings.json sets Kestrel to HTTP/2 only (gRPC without TLS), so these plain endpoints
// need an HTTP/2 client too, e.g. `curl --http2-prior-knowledge http://localhost:5001/healthz`.
app.MapHealthChecks("/healthz");
app.MapGet("/", () => "StockData serves the stockkube.stocks.v1.StockPrices gRPC service over HTTP/2.");

app.Run();
