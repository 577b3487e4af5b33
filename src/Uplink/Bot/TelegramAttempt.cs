using Polly;
using Polly.Timeout;
using Uplink.Infrastructure.Observability;

namespace Uplink.Bot;

/// <summary>
/// One attempt of a Bot API call in the resilience pipeline: a message first waits for its turn
/// under the flood limits, keyed by the chat its caller named (so each retry waits again), and
/// each answer, or the lack of one (status 0), is counted.
/// </summary>
internal sealed class TelegramAttempt(FloodControl flood, UplinkMetrics metrics) : ResilienceStrategy<HttpResponseMessage>
{
    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        var request = context.GetRequestMessage();
        var method = TelegramCall.Method(request);
        if (FloodControl.IsLimited(method))
        {
            try
            {
                await flood.WaitAsync(TelegramCall.Chat(request)?.ToString(), context.CancellationToken);
            }
            catch (Exception ex)
            {
                return Outcome.FromException<HttpResponseMessage>(ex);
            }
        }

        var outcome = await callback(context, state);
        if (outcome.Result is { } response)
        {
            metrics.TelegramCall(method, (int)response.StatusCode);
        }
        else if (outcome.Exception is TimeoutRejectedException or HttpRequestException)
        {
            metrics.TelegramCall(method, 0); // no answer at all: timed out, refused or dropped
        }

        return outcome;
    }

    public sealed class Options : ResilienceStrategyOptions
    {
        public Options() => Name = nameof(TelegramAttempt);
    }
}
