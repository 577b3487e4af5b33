using Uplink.Bot;
using Uplink.Features.Help;
using Uplink.Features.Members;
using Uplink.Features.Photos;
using Uplink.Features.Referrals;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddUplinkWeb();
builder.Services.AddUplinkData();
builder.Services.AddTelegramBot();

builder.Services.AddMembers();
builder.Services.AddReferrals();
builder.Services.AddPhotos();
builder.Services.AddHelp();

var app = builder.Build();

app.UseUplinkWeb();
app.MapUplinkWeb();
app.MapMembers();
app.MapPhotos();
app.MapBotWebhook();

app.Run();
