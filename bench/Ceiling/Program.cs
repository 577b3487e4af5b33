using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

// The same JWT validation Uplink does (HS256 pinned, issuer, audience, lifetime), nothing else:
// no database, no cache, no session check. Uplink's figures are read as a ratio of these.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var key = builder.Configuration["Auth:SigningKey"] ?? throw new InvalidOperationException("Auth:SigningKey is required.");
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.MapInboundClaims = false;
    o.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = "uplink",
        ValidAudience = "uplink",
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
    };
});
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/plaintext", () => Results.Text("Hello, World!"));
app.MapGet("/jwt", (System.Security.Claims.ClaimsPrincipal user) => Results.Json(new { sub = user.FindFirst("sub")?.Value }))
    .RequireAuthorization();
app.Run();
