using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Uplink.Features.Auth;
using Uplink.Features.Members;
using Uplink.Infrastructure.Data;

namespace Uplink.BenchTool;

/// <summary>
/// Fills a fresh SQLite database with members, opens a web session for some of them and writes
/// their JWTs (signed with the key the server will use) and referral codes for wrk's scripts.
/// </summary>
internal static class Seeder
{
    public const long FirstTelegramId = 5_000_000;

    public static async Task<int> RunAsync(Options options)
    {
        var members = options.Int("members", 10_000);
        var sessions = options.Int("tokens", 1_000);
        var output = options.Get("out");
        var key = options.Get("key");
        await using var db = new SqliteUplinkDbContext(new DbContextOptionsBuilder<SqliteUplinkDbContext>()
            .UseSqlite($"Data Source={options.Get("db")}")
            .UseSnakeCaseNamingConvention()
            .Options);
        await db.Database.MigrateAsync();

        var now = DateTimeOffset.UtcNow;
        var codes = new HashSet<string>();
        while (codes.Count < members)
        {
            codes.Add(ReferralCode.New());
        }

        var rows = codes.Select((code, i) => new Member
        {
            TelegramUserId = FirstTelegramId + i,
            FirstName = $"Member{i}",
            LastName = "Bench",
            LanguageCode = "en",
            Bio = "Seeded for the benchmark.",
            ReferralCode = code,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.Members.AddRange(rows);
        await db.SaveChangesAsync();

        var tokens = new List<string>();
        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        var credentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256);
        foreach (var member in rows.Take(sessions))
        {
            var session = new WebSession
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(WebSession.IdLength / 2)),
                MemberId = member.Id,
                CreatedAt = now,
                ExpiresAt = now.AddDays(1),
            };
            db.WebSessions.Add(session);
            tokens.Add(handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = "uplink",
                Audience = "uplink",
                IssuedAt = now.UtcDateTime,
                NotBefore = now.UtcDateTime,
                Expires = session.ExpiresAt.UtcDateTime,
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = member.Id.ToString(CultureInfo.InvariantCulture),
                    ["sid"] = session.Id,
                },
                SigningCredentials = credentials,
            }));
        }

        await db.SaveChangesAsync();
        Directory.CreateDirectory(output);
        await File.WriteAllLinesAsync(Path.Combine(output, "tokens.txt"), tokens);
        await File.WriteAllLinesAsync(Path.Combine(output, "codes.txt"), rows.Select(m => m.ReferralCode));
        Console.WriteLine($"seeded {members} members, {sessions} sessions");
        return 0;
    }
}
