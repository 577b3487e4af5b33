using System.ComponentModel.DataAnnotations;

namespace Uplink.Features.Events;

/// <summary>The "Events" section: the optional external source, its HTTP client, reminders.</summary>
internal sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>The community site's events feed (JSON or iCalendar); unset, nothing is imported.</summary>
    public Uri? SourceUrl { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After a 404 the site has no events endpoint; asking every few minutes would only fill its logs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan NotFoundRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time allowed to one request to the source.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed to one sync, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First wait before a retry; doubled for each further one (with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the source is left alone once a sync's every attempt failed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Larger answers are refused unread: a feed is kilobytes, not gigabytes.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Zone of times given without one (in the bot, the API and imported feeds).</summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How often due reminders and notices are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReminderCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
