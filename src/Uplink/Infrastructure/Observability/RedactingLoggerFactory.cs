namespace Uplink.Infrastructure.Observability;

/// <summary>
/// Wraps the logger factory so that no log line, from any category, provider or level, carries a
/// secret (<see cref="SecretRedactor"/>). Configuration cannot turn it off: ASP.NET Core writes the
/// full URL ("Request starting … /auth/callback?code=…") before any middleware runs, and MVC writes
/// handler arguments at Trace, so rewriting the request or relying on log levels in appsettings.json
/// (absent from another content root, or overridden) does not keep login codes out.
/// </summary>
/// <remarks>
/// HttpLogging's redaction and Microsoft.Extensions.Compliance.Redaction cover only their own
/// lines or properties marked with a data classification; hosting's request-start line is neither.
/// </remarks>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var values = state as IReadOnlyList<KeyValuePair<string, object?>>;
            var exceptionText = exception?.ToString();
            if (!SecretRedactor.ContainsSecret(message) && (exceptionText is null || !SecretRedactor.ContainsSecret(exceptionText)) &&
                (values is null || !values.Any(v => Text(v.Value) is { } text && SecretRedactor.ContainsSecret(text))))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var redacted = new RedactedState(SecretRedactor.Redact(message), values?.Select(Redact).ToList() ?? []);
            var safeException = exceptionText is not null && SecretRedactor.ContainsSecret(exceptionText)
                ? new RedactedException(exception!, SecretRedactor.Redact(exceptionText))
                : exception;
            inner.Log(logLevel, eventId, redacted, safeException, static (s, _) => s.Message);
        }

        private static KeyValuePair<string, object?> Redact(KeyValuePair<string, object?> pair) =>
            pair.Key == "{OriginalFormat}" || Text(pair.Value) is not { } text || !SecretRedactor.ContainsSecret(text)
                ? pair
                : new(pair.Key, SecretRedactor.Redact(text));

        // Lists (MVC's handler arguments) as their items, which is how sinks write them.
        private static string? Text(object? value) => value switch
        {
            null => null,
            string s => s,
            System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>()),
            _ => value.ToString(),
        };
    }

    /// <summary>Structured values with the secrets masked; the original template stays for structured sinks.</summary>
    private sealed class RedactedState(string message, List<KeyValuePair<string, object?>> values)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }

    /// <summary>Stands in for an exception whose text holds a secret: same type name, masked text, no inner objects.</summary>
    private sealed class RedactedException(Exception original, string redacted) : Exception(SecretRedactor.Redact(original.Message))
    {
        public override string ToString() => redacted;

        public override string? StackTrace => null;
    }
}
