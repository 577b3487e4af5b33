using System.Globalization;

namespace Uplink.BenchTool;

internal static class Percentiles
{
    public static string Summary(string name, int count, TimeSpan elapsed, List<double> latenciesMs)
    {
        latenciesMs.Sort();
        double At(double p) => latenciesMs.Count == 0 ? 0 : latenciesMs[Math.Min(latenciesMs.Count - 1, (int)(p * latenciesMs.Count))];
        return string.Create(CultureInfo.InvariantCulture,
            $"{name} {count / elapsed.TotalSeconds:F0}/s p50={At(0.50):F2}ms p99={At(0.99):F2}ms count={count} seconds={elapsed.TotalSeconds:F1}");
    }
}
