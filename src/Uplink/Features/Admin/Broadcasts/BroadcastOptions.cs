using System.ComponentModel.DataAnnotations;

namespace Uplink.Features.Admin;

/// <summary>The "Broadcasts" section: how the sender looks for work and shares it between instances.</summary>
internal sealed class BroadcastOptions
{
    public const string SectionName = "Broadcasts";

    /// <summary>How often an instance looks for broadcasts to send (one started or resumed on it wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a broadcast stays with the instance sending it without a word from it; renewed with every batch.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Least time between two edits of the admin's progress message.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Recipients claimed at once: about a second of sending at Telegram's 30 messages a second.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 30;
}
