using Uplink.Infrastructure.Caching;

namespace Uplink.Features.Members;

/// <summary>
/// The one place that names the profile cache's entries: a member's private profile by id, the
/// public one by referral code. Every write to a member invalidates them through here.
/// </summary>
internal sealed class ProfileCache(LocalCache cache, CacheInvalidator invalidator)
{
    public Task<PrivateProfileDto?> GetPrivateAsync(long memberId, Func<Task<PrivateProfileDto?>> load) =>
        GetOrLoadAsync(PrivateKey(memberId), load);

    public Task<PublicProfileDto?> GetPublicAsync(string referralCode, Func<Task<PublicProfileDto?>> load) =>
        GetOrLoadAsync(PublicKey(referralCode), load);

    /// <summary>After an edit of the member: both of their profiles.</summary>
    public Task InvalidateAsync(Member member) =>
        invalidator.InvalidateAsync(PrivateKey(member.Id), PublicKey(member.ReferralCode));

    /// <summary>After a change only the private profile shows, such as the referral count.</summary>
    public Task InvalidatePrivateAsync(long memberId) => invalidator.InvalidateAsync(PrivateKey(memberId));

    private async Task<T?> GetOrLoadAsync<T>(string key, Func<Task<T?>> load)
        where T : class
    {
        if (cache.TryGet<T>(key, out var cached))
        {
            return cached;
        }

        var epoch = cache.Epoch;
        var value = await load();
        if (value is not null)
        {
            cache.Set(key, value, epoch);
        }

        return value;
    }

    private static string PrivateKey(long memberId) => $"member:{memberId}";

    internal static string PublicKey(string referralCode) => $"profile:{referralCode}";
}
