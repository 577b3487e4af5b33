namespace Uplink.Infrastructure.Leases;

/// <summary>
/// Runs work only while this instance holds a lease: waits (standing by) until it can take it,
/// renews it every quarter of its timeout, and cancels the work as soon as it can no longer be sure
/// of holding it. A lease is written for ¾ of the timeout and standby instances ask every ¼, so
/// another instance takes over within the timeout when the holder dies.
/// </summary>
internal sealed class LeaseKeeper(Leases leases, TimeProvider time, ILogger<LeaseKeeper> logger)
{
    /// <param name="work">Runs while the lease is held; its token is cancelled when the lease is lost or the host stops.</param>
    /// <param name="standingBy">Called each time this instance starts waiting for the lease.</param>
    public async Task RunWhileHeldAsync(string name, TimeSpan timeout, Func<CancellationToken, Task> work, Action standingBy,
        CancellationToken ct)
    {
        var retry = timeout / 4;
        var duration = timeout - retry;
        var waiting = false;
        while (!ct.IsCancellationRequested)
        {
            if (!await TryAcquireAsync(name, duration, ct))
            {
                if (!waiting)
                {
                    logger.LogInformation("Lease {Lease} is held by another instance: this one ({Holder}) stands by and takes over " +
                        "within {Timeout} if the holder stops", name, leases.Holder, timeout);
                    standingBy();
                    waiting = true;
                }

                if (!await DelayAsync(retry, ct))
                {
                    return;
                }

                continue;
            }

            waiting = false;
            logger.LogInformation("Lease {Lease} taken by this instance ({Holder})", name, leases.Holder);
            using var held = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var renewing = RenewAsync(name, duration, retry, held);
            bool lost;
            try
            {
                await work(held.Token);
            }
            finally
            {
                lost = held.IsCancellationRequested && !ct.IsCancellationRequested;
                await held.CancelAsync();
                await renewing;
                if (!lost)
                {
                    await ReleaseQuietlyAsync(name);
                }
            }

            if (!lost)
            {
                // The work ended by itself (it gave up) or the host stops: nothing to take over again.
                return;
            }
        }
    }

    private async Task RenewAsync(string name, TimeSpan duration, TimeSpan every, CancellationTokenSource held)
    {
        var deadline = time.GetUtcNow() + duration;
        while (await DelayAsync(every, held.Token))
        {
            bool renewed;
            try
            {
                renewed = await leases.TryAcquireAsync(name, duration, held.Token);
            }
            catch (Exception ex) when (!held.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Renewing lease {Lease} failed; it expires at {Deadline}", name, deadline);
                renewed = false;
                if (time.GetUtcNow() + every < deadline)
                {
                    continue;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (renewed)
            {
                deadline = time.GetUtcNow() + duration;
                continue;
            }

            // Stopped before it expires for the others: two holders never overlap while clocks agree.
            logger.LogWarning("Lease {Lease} lost by this instance ({Holder}): its work stops", name, leases.Holder);
            await held.CancelAsync();
            return;
        }
    }

    private async Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken ct)
    {
        try
        {
            return await leases.TryAcquireAsync(name, duration, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not ask for lease {Lease}; asking again shortly", name);
            return false;
        }
    }

    private async Task ReleaseQuietlyAsync(string name)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(name, timeout.Token);
            logger.LogInformation("Lease {Lease} released by this instance ({Holder})", name, leases.Holder);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release lease {Lease}; it expires by itself", name);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
