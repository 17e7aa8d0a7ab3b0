using System.Diagnostics;
using System.Globalization;
using Gateway.LoadTest.Commands;
using Gateway.LoadTest.Devices;
using Gateway.LoadTest.Measurement;
using Gateway.LoadTest.Mqtt;
using Gateway.LoadTest.Report;

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
    private readonly List<ProgressSample> _samples = [];

    /// <summary>Every line printed so far, as figures.</summary>
    public IReadOnlyList<ProgressSample> Samples => _samples;

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
                var sample = Sample(sent - lastSent, publications - lastPublications);
                _samples.Add(sample);
                Console.WriteLine(Line(sample));
                (lastSent, lastPublications) = (sent, publications);
            }
        }
        catch (OperationCanceledException)
        {
            // The phase is over.
        }
    }

    private ProgressSample Sample(long sentPerSecond, long publicationsPerSecond)
    {
        var now = Stopwatch.GetTimestamp();
        var stage = now < window.Start ? "warmup" : now < window.End ? window.Stretches[window.StretchAt(now)].Name : "drain";
        return new ProgressSample(
            Math.Round(Stopwatch.GetElapsedTime(phaseStart, now).TotalSeconds, 1), stage, sentPerSecond, publicationsPerSecond,
            tracker.Latency.PercentileMs(99), server?.CurrentCpuPercent is { } cpu ? Math.Round(cpu) : null,
            server is null ? null : Math.Round(server.CurrentRssBytes / 1048576.0), Math.Round(tool.CurrentCpuPercent));
    }

    private string Line(ProgressSample s)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{phase,-9} {s.ElapsedS,4:0}s {s.Stage,-7}] sent {s.SentPerSecond,6}/s | {(gatewayStates ? "state" : "relayed")} {s.PublicationsPerSecond,6}/s | p99 {s.P99Ms,8:0.000} ms");
        if (commands is not null)
            line += $" | cmd ok {commands.Acknowledged} timeout {commands.TimedOut} err {commands.Errors}";
        if (gatewayStates)
            line += $" | rejected {rejections.Count}";
        if (s.ServerCpuPercent is { } cpu)
            line += string.Create(CultureInfo.InvariantCulture, $" | server cpu {cpu,3:0}% rss {s.ServerRssMb:0} MB");
        line += string.Create(CultureInfo.InvariantCulture, $" | tool cpu {s.ToolCpuPercent,3:0}%");
        return line;
    }
}
