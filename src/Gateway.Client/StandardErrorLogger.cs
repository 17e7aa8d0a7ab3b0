using Akka.Event;

namespace Gateway.Client;

/// <summary>
/// Akka's logger for the moments its real loggers are not running (start-up and shutdown), in place
/// of its <see cref="StandardOutLogger"/>: a service's standard output is its own (a CLI's answer, a
/// JSON stream), so nothing of Akka's may appear there. When the log actor stops, Akka hands what was
/// still in its mailbox to this logger whatever <c>akka.stdout-loglevel</c> says, so the level is
/// also checked here: warnings and errors reach standard error, the rest is dropped.
/// </summary>
public sealed class StandardErrorLogger : MinimalLogger
{
    protected override void Log(object message)
    {
        if (message is LogEvent log && log.LogLevel() < LogLevel.WarningLevel)
            return;
        Console.Error.WriteLine(message);
    }
}
