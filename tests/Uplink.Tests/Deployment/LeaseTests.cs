using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Uplink.Infrastructure.Leases;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Deployment;

/// <summary>Leases as two instances see them in one database, on a fake clock.</summary>
[Collection(nameof(SqliteHost))]
public sealed class LeaseTests(SqliteHost host)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private Leases Instance() => new(host.App.Services.GetRequiredService<IServiceScopeFactory>(), _time);

    [Fact]
    public async Task A_lease_is_held_by_one_instance_until_it_expires_or_is_released()
    {
        var (first, second) = (Instance(), Instance());
        var name = $"test.lease.{Guid.NewGuid():N}";
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await first.TryAcquireAsync(name, TimeSpan.FromSeconds(30), ct));
        Assert.False(await second.TryAcquireAsync(name, TimeSpan.FromSeconds(30), ct));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await first.TryAcquireAsync(name, TimeSpan.FromSeconds(30), ct)); // renewed
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await second.TryAcquireAsync(name, TimeSpan.FromSeconds(30), ct));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await second.TryAcquireAsync(name, TimeSpan.FromSeconds(30), ct)); // the holder stopped renewing
        Assert.False(await first.TryAcquireAsync(name, TimeSpan.FromSeconds(30), ct));

        await second.ReleaseAsync(name, ct);
        Assert.True(await first.TryAcquireAsync(name, TimeSpan.FromSeconds(30), ct));
    }

    [Fact]
    public async Task A_periodic_job_is_claimed_by_one_instance_per_interval()
    {
        var (first, second) = (Instance(), Instance());
        var job = $"test.job.{Guid.NewGuid():N}";
        var interval = TimeSpan.FromMinutes(5);
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await first.TryClaimAsync(job, interval, ct));
        Assert.False(await second.TryClaimAsync(job, interval, ct));
        Assert.False(await first.TryClaimAsync(job, interval, ct)); // a claim is not renewed: once per interval
        _time.Advance(interval);
        Assert.True(await second.TryClaimAsync(job, interval, ct));
        Assert.False(await first.TryClaimAsync(job, interval, ct));
    }
}
