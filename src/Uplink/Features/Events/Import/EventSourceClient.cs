using System.Net;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Uplink.Features.Events;

internal enum FetchStatus
{
    Ok,
    NotFound,
    Failed,
}

internal sealed record FetchResult(FetchStatus Status, string? Body = null, string? MediaType = null, string? Problem = null);

/// <summary>
/// Fetches the events source over an HttpClient whose resilience handler (see
/// <see cref="EventsApi.AddEvents"/>) times out, retries with backoff and breaks the circuit.
/// Whatever goes wrong comes back as a result: nothing from the source can throw into the caller.
/// </summary>
internal sealed class EventSourceClient(HttpClient http)
{
    public async Task<FetchResult> FetchAsync(Uri url, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json, text/calendar;q=0.9, */*;q=0.5");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new FetchResult(FetchStatus.NotFound, Problem: "HTTP 404");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new FetchResult(FetchStatus.Failed, Problem: $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            }

            var body = await response.Content.ReadAsStringAsync(ct);
            return new FetchResult(FetchStatus.Ok, body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (TimeoutRejectedException)
        {
            return new FetchResult(FetchStatus.Failed, Problem: "timed out");
        }
        catch (BrokenCircuitException)
        {
            return new FetchResult(FetchStatus.Failed, Problem: "circuit open after repeated failures; not asking for now");
        }
        catch (HttpRequestException ex)
        {
            // Refused connections, bad TLS, DNS, and answers larger than Events:MaxResponseBytes.
            return new FetchResult(FetchStatus.Failed, Problem: ex.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient.Timeout, which bounds reading a slow body after the headers came.
            return new FetchResult(FetchStatus.Failed, Problem: "timed out");
        }
    }
}
