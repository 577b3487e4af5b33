namespace Uplink.Features.Auth;

/// <summary>
/// The two statements of a code login, one round trip each, per provider: PostgreSQL does it in one
/// statement with data-modifying CTEs; SQLite, which has none, in a few statements sent as one command.
/// </summary>
internal static class AccessCodeSql
{
    // Issuing: the member found by the caller's key, the live-code bound (the oldest live codes beyond
    // @keep make room for the new one), then the new code; no row back when there is no such member.

    public static string Issue(bool postgres, string memberKey) => postgres
        ? $"""
          WITH member AS (SELECT id FROM members WHERE {memberKey} = @member),
          bound AS (
              DELETE FROM auth_codes
              WHERE member_id IN (SELECT id FROM member) AND used_at IS NULL AND id NOT IN (
                  SELECT id FROM auth_codes WHERE member_id IN (SELECT id FROM member) AND used_at IS NULL ORDER BY id DESC LIMIT @keep))
          INSERT INTO auth_codes (code_hash, member_id, created_at, expires_at)
          SELECT @hash, id, @created, @expires FROM member
          RETURNING member_id
          """
        : $"""
          DELETE FROM auth_codes
          WHERE member_id = (SELECT id FROM members WHERE {memberKey} = @member) AND used_at IS NULL AND id NOT IN (
              SELECT id FROM auth_codes WHERE member_id = (SELECT id FROM members WHERE {memberKey} = @member) AND used_at IS NULL
              ORDER BY id DESC LIMIT @keep);
          INSERT INTO auth_codes (code_hash, member_id, created_at, expires_at)
          SELECT @hash, id, @created, @expires FROM members WHERE {memberKey} = @member
          RETURNING member_id;
          """;

    // Redeeming: one conditional UPDATE decides (exactly one of any concurrent redemptions matches),
    // and only the redemption that won opens the session. The row back: the member, and whether they
    // still have to be marked active (a first login; the caller does that, rarely, in MemberActivity).

    public const string RedeemPostgres = """
        WITH spent AS (
            UPDATE auth_codes SET used_at = @now
            WHERE code_hash = @hash AND used_at IS NULL AND expires_at > @now
            RETURNING member_id),
        opened AS (
            INSERT INTO web_sessions (id, member_id, created_at, expires_at, user_agent, address)
            SELECT @session, member_id, @created, @expires, @agent, @address FROM spent
            RETURNING member_id)
        SELECT o.member_id, m.first_active_at IS NULL FROM opened o JOIN members m ON m.id = o.member_id
        """;

    // changes(): the rows changed by the connection's previous statement, so the session row exists
    // only if this command's UPDATE spent the code. Run in one transaction: both or neither.
    public const string RedeemSqlite = """
        UPDATE auth_codes SET used_at = @now
        WHERE code_hash = @hash AND used_at IS NULL AND expires_at > @now;
        INSERT INTO web_sessions (id, member_id, created_at, expires_at, user_agent, address)
        SELECT @session, member_id, @created, @expires, @agent, @address FROM auth_codes
        WHERE code_hash = @hash AND changes() = 1;
        SELECT s.member_id, m.first_active_at IS NULL
        FROM web_sessions s JOIN members m ON m.id = s.member_id WHERE s.id = @session;
        """;
}
