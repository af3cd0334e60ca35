using System.Globalization;
using System.Net;
using System.Text;
using StockKube.Protos;

namespace StockKube.StockWeb;

/// <summary>Renders the front page: a price table, or the reason there is none.</summary>
public static class PricePage
{
    public static string Render(Uri stockDataAddress, IReadOnlyList<PriceReply> prices, string? error)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta http-equiv="refresh" content="5">
              <title>StockKube</title>
              <style>
                body { font-family: system-ui, sans-serif; margin: 2rem; }
                table { border-collapse: collapse; }
                th, td { padding: .3rem .8rem; border-bottom: 1px solid #ddd; text-align: left; }
                td.price { text-align: right; font-variant-numeric: tabular-nums; }
                .error { color: #a00; }
              </style>
            </head>
            <body>
              <h1>StockKube prices</h1>

            """);

        if (error is not null)
        {
            html.Append("  <p class=\"error\">Prices are unavailable: ")
                .Append(Encode(error))
                .Append("</p>\n");
        }

        if (prices.Count > 0)
        {
            html.Append("  <table>\n    <tr><th>Symbol</th><th>Price</th><th>As of (UTC)</th></tr>\n");
            foreach (var price in prices)
            {
                var amount = (price.PriceCents / 100m).ToString("N2", CultureInfo.InvariantCulture);
                var asOf = price.AsOf?.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";
                html.Append("    <tr><td>").Append(Encode(price.Symbol))
                    .Append("</td><td class=\"price\">").Append(Encode(amount)).Append(' ').Append(Encode(price.Currency))
                    .Append("</td><td>").Append(Encode(asOf)).Append("</td></tr>\n");
            }
            html.Append("  </table>\n");
        }

        html.Append("  <p><small>Source: StockData at ").Append(Encode(stockDataAddress.ToString()))
            .Append(" (gRPC)</small></p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
