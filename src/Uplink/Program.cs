using Uplink.Bot;
using Uplink.Features.Admin;
using Uplink.Features.Auth;
using Uplink.Features.Events;
using Uplink.Features.Help;
using Uplink.Features.Members;
using Uplink.Features.Photos;
using Uplink.Features.Referrals;
using Uplink.Features.Seo;
using Uplink.Infrastructure.Auth;
using Uplink.Infrastructure.Caching;
using Uplink.Infrastructure.Data;
using Uplink.Infrastructure.Observability;
using Uplink.Infrastructure.Web;
using Uplink.Sandbox;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddUplinkWeb();
builder.Services.AddUplinkCors();
builder.Services.AddUplinkProxy();
builder.Services.AddUplinkData();
builder.Services.AddUplinkCaching();
builder.Services.AddUplinkObservability();
builder.Services.AddUplinkAuth();
builder.Services.AddLoginRateLimits();
builder.Services.AddTelegramBot();
builder.Services.AddSandbox();

builder.Services.AddMembers();
builder.Services.AddReferrals();
builder.Services.AddPhotos();
builder.Services.AddAuthFeature();
builder.Services.AddEvents();
builder.Services.AddHelp();
builder.Services.AddAdmin();

var app = builder.Build();

app.UseUplinkProxy();
app.UseUplinkWeb();
app.UseSandbox();
app.UseUplinkCors();
app.UseUplinkAuth();
app.UseMemberLogScope();
app.MapUplinkWeb();
app.MapUplinkObservability();
app.MapMembers();
app.MapAuth();
app.MapPhotos();
app.MapBotWebhook();
app.MapEvents();
app.MapSeo();
app.MapSandbox();
app.MapReferrals();
app.MapAdmin();

return await app.RunOrMigrateAsync(args);
