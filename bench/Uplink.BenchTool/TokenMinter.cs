namespace Uplink.BenchTool;

/// <summary>
/// Gets members their JWTs as a client site would: the service issues an access code
/// (POST /api/auth/code/generate with the service key), the site redeems it (POST /api/auth/callback).
/// Writes one token a line, for wrk's rotate.lua.
/// </summary>
internal static class TokenMinter
{
    public static async Task<int> RunAsync(Options options)
    {
        var baseUrl = new Uri(options.Get("base"));
        var key = options.Get("key");
        var first = options.Int("first-user", 7_000_000);
        var count = options.Int("count", 200);
        using var http = new HttpClient { BaseAddress = baseUrl };
        var tokens = new string?[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var code = await AccessCodes.IssueAsync(http, key, first + i, ct);
            tokens[i] = code is null ? null : await AccessCodes.RedeemAsync(http, code, ct);
        });

        var minted = tokens.OfType<string>().ToList();
        await File.WriteAllLinesAsync(options.Get("out"), minted);
        Console.WriteLine($"minted {minted.Count} of {count} tokens through code/generate + callback");
        return minted.Count == count ? 0 : 1;
    }
}
