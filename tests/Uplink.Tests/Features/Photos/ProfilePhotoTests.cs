using System.Net;
using Microsoft.EntityFrameworkCore;
using Uplink.Features.Members;
using Uplink.Tests.Infrastructure;
using Uplink.Tests.Infrastructure.FakeTelegram;
using static Uplink.Tests.Features.Members.StartCommandTests;

namespace Uplink.Tests.Features.Photos;

[Collection(nameof(SqliteHost))]
public sealed class ProfilePhotoTests(SqliteHost host)
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0xFF, 0xD9];

    private FakeBotApi Telegram => host.Telegram;

    [Fact]
    public async Task Photo_is_served_by_uplink_and_the_page_never_shows_the_token()
    {
        var pat = Telegram.NewUser("Pat");
        Telegram.SetProfilePhoto(pat.Id, Jpeg);
        var code = CodeIn(await pat.SendAsync("/start"));
        using var client = host.App.CreateClient();

        var html = await client.GetStringAsync($"/u/{code}");
        var photoUrl = System.Text.RegularExpressions.Regex.Match(html, "<meta property=\"og:image\" content=\"([^\"]+)\"").Groups[1].Value;
        var photo = await client.GetAsync(new Uri(photoUrl).PathAndQuery);
        var again = await client.GetAsync(new Uri(photoUrl).PathAndQuery);

        Assert.StartsWith($"{UplinkApp.PublicUrl}/u/{code}/photo?v=", photoUrl);
        Assert.DoesNotContain(FakeBotApi.Token, html);
        Assert.DoesNotContain("api.telegram.org", html);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Jpeg, await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal(Jpeg, await again.Content.ReadAsByteArrayAsync());
        // The second request is served from the local copy.
        Assert.Single(Telegram.Calls("getFile"), c => c.Parameters.Str("file_id")!.Contains($"-photo-{pat.Id}-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Photo_of_a_member_who_keeps_it_private_is_not_served()
    {
        var pat = Telegram.NewUser("Pat");
        Telegram.SetProfilePhoto(pat.Id, Jpeg);
        var code = CodeIn(await pat.SendAsync("/start"));
        await host.App.QueryAsync(db => db.Members.Where(m => m.TelegramUserId == pat.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.PublicFields, PublicFields.None)));
        using var client = host.App.CreateClient();

        var photo = await client.GetAsync($"/u/{code}/photo");
        var html = await client.GetStringAsync($"/u/{code}");

        Assert.Equal(HttpStatusCode.NotFound, photo.StatusCode);
        Assert.DoesNotContain("og:image", html);
    }

    [Fact]
    public async Task Member_without_a_photo_has_none_on_the_page()
    {
        var code = CodeIn(await Telegram.NewUser("Faceless").SendAsync("/start"));
        using var client = host.App.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/u/{code}/photo")).StatusCode);
        Assert.DoesNotContain("<img", await client.GetStringAsync($"/u/{code}"));
    }
}
