using Microsoft.Extensions.Logging;

namespace DeepLead.Fakes;

/// <summary>How the fixtures write one of the fake's log lines into a test's output (compiled into each fixture package).</summary>
internal static class FakeLogLine
{
    public const string Prefix = "[DeepLead fake] ";

    public static bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

    /// <summary>An exception's message is not ours to vouch for: only its type is written.</summary>
    public static string Format(LogLevel logLevel, string message, Exception? exception) =>
        Prefix + (logLevel == LogLevel.Information ? "" : logLevel + ": ") + message
        + (exception is null ? "" : $" ({exception.GetType().Name})");
}
