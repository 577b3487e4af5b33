using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Uplink.Bot;

/// <summary>
/// The bot's part of /health/ready: Healthy while receiving, Degraded while backing off, in
/// conflict or when getUpdates has not succeeded for much longer than a long poll (a deaf bot),
/// Unhealthy once polling has given up.
/// </summary>
internal sealed class BotHealthCheck(BotStatus status, UpdateWorkers workers, IOptions<BotOptions> options, TimeProvider time)
    : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var s = status.Current;
        var data = new Dictionary<string, object>
        {
            ["mode"] = o.Enabled ? o.Mode.ToString() : "Off",
            ["state"] = s.State.ToString(),
        };
        Add(data, "since", s.Since);
        Add(data, "next_attempt", s.NextAttempt);
        Add(data, "last_successful_get_updates", s.LastSuccessfulGetUpdates);
        Add(data, "last_update_received", s.LastUpdateReceived);
        if (s.Failures > 0)
        {
            data["failures"] = s.Failures;
        }

        if (s.LastError is { } error && s.State is BotState.BackingOff or BotState.Conflict or BotState.Stopped)
        {
            data["last_error"] = error;
        }

        if (o.Enabled)
        {
            data["queued_updates"] = workers.Queued;
        }

        var result = s.State switch
        {
            BotState.Off => HealthCheckResult.Healthy("The bot is off.", data),
            BotState.Standby => HealthCheckResult.Healthy("Standing by: another instance holds the polling lease.", data),
            BotState.Stopped => HealthCheckResult.Unhealthy("Polling gave up: restart the service.", data: data),
            BotState.BackingOff => HealthCheckResult.Degraded("Telegram is unreachable; backing off.", data: data),
            BotState.Conflict => HealthCheckResult.Degraded(
                "getUpdates answers 409 Conflict: another instance polls with this token, or a webhook is set.", data: data),
            BotState.Receiving when o.Mode == BotMode.Polling && IsDeaf(s, o) => HealthCheckResult.Degraded(
                "No successful getUpdates for much longer than a long poll.", data: data),
            _ => HealthCheckResult.Healthy(s.State.ToString(), data),
        };
        return Task.FromResult(result);
    }

    private bool IsDeaf(BotStatusSnapshot s, BotOptions o)
    {
        // Two whole getUpdates calls, plus slack for a batch waiting on busy workers.
        var expected = (2 * o.GetUpdatesTimeout) + TimeSpan.FromSeconds(30);
        return s.LastSuccessfulGetUpdates is { } last && time.GetUtcNow() - last > expected;
    }

    private static void Add(Dictionary<string, object> data, string key, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            data[key] = v.ToString("O", CultureInfo.InvariantCulture);
        }
    }
}
