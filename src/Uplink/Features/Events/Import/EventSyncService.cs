using Microsoft.Extensions.Options;
using Uplink.Infrastructure.Leases;
using Uplink.Infrastructure.Observability;

namespace Uplink.Features.Events;

/// <summary>
/// Imports from <c>Events:SourceUrl</c> at start and every <c>Events:SyncInterval</c>. A 404
/// means the site has no events endpoint: said once, then asked at the slower
/// <c>Events:NotFoundRetryInterval</c>. Other failures keep the events already imported.
/// With several instances, each tick is claimed in the database: one of them imports per interval.
/// </summary>
internal sealed class EventSyncService(
    IServiceScopeFactory scopes, IOptions<EventsOptions> options, TimeProvider time, EventJobsStatus status,
    Leases leases, UplinkMetrics metrics, ILogger<EventSyncService> logger) : BackgroundService
{
    private PeriodicTimer? _timer;
    private SyncOutcome? _previous;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here rather than in ExecuteAsync, which runs on another thread: the schedule
        // starts with the host, whatever a (test's) clock does next.
        if (options.Value.SourceUrl is not null)
        {
            _timer = new PeriodicTimer(options.Value.SyncInterval, time);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is null || options.Value.SourceUrl is not { } url)
        {
            logger.LogInformation("Events:SourceUrl is not set: events are not imported");
            return;
        }

        using var timer = _timer;
        try
        {
            do
            {
                // Claimed for the shorter, normal interval: a run just after a slower 404 pace must not find it taken.
                if (!await leases.TryClaimOrSkipAsync("job.events-sync", options.Value.SyncInterval, logger, stoppingToken))
                {
                    continue;
                }

                var report = await SyncOnceAsync(url, stoppingToken);
                var period = report.Outcome == SyncOutcome.NotFound ? options.Value.NotFoundRetryInterval : options.Value.SyncInterval;
                if (timer.Period != period)
                {
                    timer.Period = period; // restarts the wait from now
                }

                status.Synced(report, time.GetUtcNow() + period);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<SyncReport> SyncOnceAsync(Uri url, CancellationToken ct)
    {
        SyncReport report;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            report = await scope.ServiceProvider.GetRequiredService<EventImporter>().ImportAsync(url, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // The database, most likely; the source's own failures come back as reports.
            report = new SyncReport(SyncOutcome.Failed, EventImporter.SourceKey(url), Problem: ex.Message);
            logger.LogWarning(ex, "Storing events from {Source} failed", report.Source);
        }

        Log(report);
        metrics.EventImport(report.Outcome.ToString().ToLowerInvariant());
        _previous = report.Outcome;
        return report;
    }

    private void Log(SyncReport report)
    {
        var o = options.Value;
        switch (report.Outcome)
        {
            case SyncOutcome.NotFound when _previous == SyncOutcome.NotFound:
                logger.LogDebug("Events source {Source} still answers 404", report.Source);
                break;
            case SyncOutcome.NotFound:
                logger.LogWarning("Events source {Source} answered 404: the site has no events endpoint. Asking again every {Interval}",
                    report.Source, o.NotFoundRetryInterval);
                break;
            case SyncOutcome.Failed or SyncOutcome.Malformed:
                logger.LogWarning("Events source {Source} failed ({Outcome}: {Problem}); the events imported before are kept. Next try in {Interval}",
                    report.Source, report.Outcome, report.Problem, o.SyncInterval);
                break;
            default:
                if (_previous is { } previous && previous != SyncOutcome.Imported)
                {
                    logger.LogInformation("Events source {Source} answers again", report.Source);
                }

                logger.LogInformation("Imported events from {Source}: {Added} added, {Updated} updated, {Removed} removed, {Skipped} skipped",
                    report.Source, report.Added, report.Updated, report.Removed, report.Skipped);
                break;
        }

        if (report.Skipped > 0)
        {
            logger.LogWarning("Skipped {Skipped} malformed item(s) from {Source}: {Reasons}",
                report.Skipped, report.Source, string.Join("; ", report.SkipReasons ?? []));
        }
    }
}
