using System.Diagnostics;
using System.Globalization;
using Gateway.LoadTest.Commands;
using Gateway.LoadTest.Devices;
using Gateway.LoadTest.Measurement;
using Gateway.LoadTest.Mqtt;

namespace Gateway.LoadTest.Run;

/// <summary>
/// One line a second while a phase runs: rates over the last second, the telemetry p99 so far,
/// commands, rejections, and the CPU and memory of the server and of the tool. Sampling the
/// processes here also keeps their peak memory current.
/// </summary>
public sealed class ProgressPrinter(
    string phase,
    bool gatewayStates,
    long phaseStart,
    MeasureWindow window,
    TelemetryTracker tracker,
    CommandStats? commands,
    RejectionLog rejections,
    ProcessSampler? server,
    ProcessSampler tool)
{
    public async Task RunAsync(CancellationToken ct)
    {
        long lastSent = 0, lastPublications = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                server?.Sample();
                tool.Sample();
                var sent = tracker.Sent;
                var publications = tracker.Publications;
                Console.WriteLine(Line(sent - lastSent, publications - lastPublications));
                (lastSent, lastPublications) = (sent, publications);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over.
        }
    }

    private string Line(long sentPerSecond, long publicationsPerSecond)
    {
        var now = Stopwatch.GetTimestamp();
        var stage = now < window.Start ? "warmup" : now < window.End ? "measure" : "drain";
        var elapsed = Stopwatch.GetElapsedTime(phaseStart, now).TotalSeconds;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{phase,-9} {elapsed,4:0}s {stage,-7}] sent {sentPerSecond,6}/s | {(gatewayStates ? "state" : "relayed")} {publicationsPerSecond,6}/s | p99 {tracker.Latency.PercentileMs(99),8:0.000} ms");
        if (commands is not null)
            line += $" | cmd ok {commands.Acknowledged} timeout {commands.TimedOut} err {commands.Errors}";
        if (gatewayStates)
            line += $" | rejected {rejections.Count}";
        if (server is not null)
            line += string.Create(CultureInfo.InvariantCulture, $" | server cpu {server.CurrentCpuPercent,3:0}% rss {server.CurrentRssBytes / 1048576.0:0} MB");
        line += string.Create(CultureInfo.InvariantCulture, $" | tool cpu {tool.CurrentCpuPercent,3:0}%");
        return line;
    }
}
