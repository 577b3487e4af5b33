namespace Uplink.Bot;

/// <summary>Exponential backoff with jitter: initial, ×2 each failure, capped.</summary>
internal static class Backoff
{
    /// <summary>±10 % so that several instances restarting together do not retry in lockstep.</summary>
    public const double Jitter = 0.1;

    /// <summary>The nominal delay before attempt <paramref name="failures"/> + 1, without jitter.</summary>
    public static TimeSpan Nominal(int failures, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        return TimeSpan.FromMilliseconds(Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds));
    }

    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max) =>
        Jittered(Nominal(failures, initial, max), Jitter, max);

    /// <summary><paramref name="delay"/> spread by ±<paramref name="spread"/>, never above <paramref name="max"/>.</summary>
    public static TimeSpan Jittered(TimeSpan delay, double spread, TimeSpan? max = null)
    {
        var factor = 1 + ((Random.Shared.NextDouble() * 2) - 1) * spread;
        var jittered = TimeSpan.FromMilliseconds(delay.TotalMilliseconds * factor);
        // Above the cap the jitter folds back below it, so capped retries stay spread too.
        return max is { } cap && jittered > cap ? cap - (jittered - cap) : jittered;
    }
}
