using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Uplink.Features.Members;
using Uplink.Infrastructure.Data;
using Uplink.Tests.Infrastructure;

namespace Uplink.Tests.Infrastructure.Data;

/// <summary>SQLite's writers queue in the process instead of sleeping on SQLITE_BUSY; nothing may jam the queue.</summary>
[Collection(nameof(SqliteHost))]
public sealed class SqliteWriteGateTests(SqliteHost host)
{
    private static long _nextUserId = 910_000_000;
    private static readonly TimeSpan Jammed = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_failed_save_does_not_hold_up_the_next_writer()
    {
        var first = NewMember();
        await WriteAsync(db => db.Members.Add(first));

        // Same Telegram user id and referral code: the unique indexes refuse it.
        await Assert.ThrowsAsync<DbUpdateException>(() =>
            WriteAsync(db => db.Members.Add(NewMember(first.TelegramUserId, first.ReferralCode))));

        await WriteAsync(db => db.Members.Add(NewMember())).WaitAsync(Jammed);
        await BulkUpdateAsync(first.Id).WaitAsync(Jammed);
    }

    [Fact]
    public async Task A_cancelled_bulk_statement_does_not_hold_up_the_next_writer()
    {
        var member = NewMember();
        await WriteAsync(db => db.Members.Add(member));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BulkUpdateAsync(member.Id, new CancellationToken(canceled: true)));

        await BulkUpdateAsync(member.Id).WaitAsync(Jammed);
    }

    [Fact]
    public async Task A_write_that_returns_rows_lets_the_next_writer_in_once_read()
    {
        var member = NewMember();
        await WriteAsync(db => db.Members.Add(member));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([member.Id], await ReturningUpdateAsync(member.Id).WaitAsync(Jammed));
        }

        await BulkUpdateAsync(member.Id).WaitAsync(Jammed);
    }

    [Fact]
    public async Task Many_concurrent_writers_all_get_their_turn()
    {
        var members = Enumerable.Range(0, 40).Select(_ => NewMember()).ToList();

        await Task.WhenAll(members.Select(m => WriteAsync(db => db.Members.Add(m)))).WaitAsync(Jammed);
        await Task.WhenAll(members.Select(m => BulkUpdateAsync(m.Id))).WaitAsync(Jammed);

        var ids = members.Select(m => m.Id).ToList();
        Assert.Equal(40, await host.App.QueryAsync(db => db.Members.CountAsync(m => ids.Contains(m.Id) && m.Bio == "bulk")));
    }

    private async Task WriteAsync(Action<UplinkDbContext> change)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        change(db);
        await db.SaveChangesAsync();
    }

    private async Task BulkUpdateAsync(long memberId, CancellationToken ct = default)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        await db.Members.Where(m => m.Id == memberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Bio, "bulk"), ct);
    }

    private async Task<List<long>> ReturningUpdateAsync(long memberId)
    {
        await using var scope = host.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UplinkDbContext>();
        return await db.Database.SqlQuery<long>(
            $"""UPDATE members SET bio = 'returned' WHERE id = {memberId} RETURNING id AS "Value" """).ToListAsync();
    }

    private static Member NewMember(long? telegramUserId = null, string? code = null)
    {
        var id = telegramUserId ?? Interlocked.Increment(ref _nextUserId);
        return new Member
        {
            TelegramUserId = id,
            FirstName = "Gate",
            ReferralCode = code ?? $"UP-G{id % 100_000:D5}",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
    }
}
