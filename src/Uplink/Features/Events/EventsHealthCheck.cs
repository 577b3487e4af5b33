using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Uplink.Features.Events;

/// <summary>
/// The events jobs' part of /health/ready: what the last import did and when the next one runs, and
/// when reminders were last looked for. Always Healthy: a failing events source leaves the events as
/// they were, and the site and the bot serve them; the data tells an operator why nothing new arrives.
/// </summary>
internal sealed class EventsHealthCheck(EventJobsStatus status, IOptions<EventsOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["source"] = options.Value.SourceUrl is null ? "none" : "configured",
            ["syncs"] = status.Syncs,
            ["notifier_runs"] = status.NotifierRuns,
        };
        // The outcome only: the problem's text may quote the source's URL, whose query may hold a key.
        if (status.LastSync is { } last)
        {
            data["last_sync_outcome"] = last.Outcome.ToString();
        }

        Add(data, "next_sync_at", status.NextSyncAt);
        Add(data, "notifier_ran_at", status.NotifierRanAt);
        return Task.FromResult(HealthCheckResult.Healthy(data: data));
    }

    private static void Add(Dictionary<string, object> data, string key, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            data[key] = value.ToString("O", CultureInfo.InvariantCulture);
        }
    }
}
