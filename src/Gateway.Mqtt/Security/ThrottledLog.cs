using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.Mqtt.Security;

/// <summary>
/// Warnings an attacker can provoke at will (failed logins, refused connections, denied
/// publications, refused HTTP requests): each reason has a budget of lines per interval, so that a
/// flood of one kind cannot hide the lines of another; past it lines are counted silently, and the
/// next line of that reason that gets through says how many were left out, so a flood cannot fill the disk.
/// </summary>
public sealed class ThrottledLog(ILogger log, int linesPerInterval, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, Budget> _budgets = new();

    public void Warn(string reason, string message)
    {
        if (_budgets.GetOrAdd(reason, _ => new Budget()).Admit(linesPerInterval, interval) is not { } suppressed)
            return;
        if (suppressed == 0)
            log.LogWarning("{Message}", message);
        else
            log.LogWarning("{Message} ({Suppressed} similar lines left out)", message, suppressed);
    }

    private sealed class Budget
    {
        private readonly Lock _gate = new();
        private long _windowEnd;
        private int _written;
        private int _suppressed;

        /// <summary>How many earlier lines were left out when this one may be written; null when it must be left out too.</summary>
        public int? Admit(int linesPerInterval, TimeSpan interval)
        {
            lock (_gate)
            {
                var now = Environment.TickCount64;
                if (now >= _windowEnd)
                {
                    _windowEnd = now + (long)interval.TotalMilliseconds;
                    _written = 0;
                }
                if (_written >= linesPerInterval)
                {
                    _suppressed++;
                    return null;
                }
                _written++;
                var suppressed = _suppressed;
                _suppressed = 0;
                return suppressed;
            }
        }
    }
}
