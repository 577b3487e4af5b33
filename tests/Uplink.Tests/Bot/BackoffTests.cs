using Uplink.Bot;

namespace Uplink.Tests.Bot;

public sealed class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(5);

    [Fact]
    public void The_schedule_doubles_from_five_seconds_up_to_five_minutes()
    {
        var schedule = Enumerable.Range(1, 9).Select(failures => Backoff.Nominal(failures, Initial, Max).TotalSeconds);

        Assert.Equal([5, 10, 20, 40, 80, 160, 300, 300, 300], schedule);
        Assert.Equal(Max, Backoff.Nominal(int.MaxValue, Initial, Max));
    }

    [Fact]
    public void Each_delay_has_jitter_of_ten_percent_and_never_exceeds_the_cap()
    {
        for (var failures = 1; failures <= 8; failures++)
        {
            var nominal = Backoff.Nominal(failures, Initial, Max);
            var delays = Enumerable.Range(0, 200).Select(_ => Backoff.Delay(failures, Initial, Max)).ToList();

            Assert.All(delays, d => Assert.InRange(d, nominal * 0.9, nominal * 1.1));
            Assert.All(delays, d => Assert.True(d <= Max));
            Assert.True(delays.Distinct().Count() > 100, "delays should be spread, not in lockstep");
        }
    }
}
