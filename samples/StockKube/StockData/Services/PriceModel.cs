namespace StockKube.StockData.Services;

/// <summary>
/// Deterministic fake prices. A price depends only on the symbol and the tick,
/// so every replica of the service (and every test run) agrees on it.
/// </summary>
public static class PriceModel
{
    public static readonly TimeSpan TickLength = TimeSpan.FromSeconds(1);

    public static long TickAt(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / (long)TickLength.TotalMilliseconds;

    public static DateTimeOffset TickStart(long tick) =>
        DateTimeOffset.FromUnixTimeMilliseconds(tick * (long)TickLength.TotalMilliseconds);

    /// <summary>Symbols are 1 to 10 characters: ASCII letters, digits, '.' or '-'.</summary>
    public static bool TryNormalize(string? symbol, out string normalized)
    {
        normalized = (symbol ?? string.Empty).Trim().ToUpperInvariant();
        return normalized.Length is >= 1 and <= 10
            && normalized.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-');
    }

    /// <summary>Price in cents for a normalized symbol at a tick.</summary>
    public static long PriceCents(string symbol, long tick)
    {
        var seed = StableHash(symbol);
        // Base price between 10.00 and 509.99, fixed per symbol.
        var baseCents = 1_000 + (long)(seed % 50_000);
        // A slow wave plus a small per-tick wobble, both at most ±5 % of the base.
        var phase = (seed % 360) * Math.PI / 180;
        var wave = Math.Sin(tick / 12.0 + phase) * 0.04;
        var wobble = ((long)(StableHash($"{symbol}:{tick}") % 201) - 100) / 10_000.0;
        return Math.Max(1, (long)Math.Round(baseCents * (1 + wave + wobble)));
    }

    // FNV-1a: string.GetHashCode() is randomized per process, which would break determinism.
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
