using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Uplink.Infrastructure.Web;

/// <summary>Writes a health report as JSON: overall status, then each check's status, description and data.</summary>
internal static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            Status = report.Status.ToString(),
            Checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                Status = e.Value.Status.ToString(),
                e.Value.Description,
                Data = e.Value.Data,
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
