using System.Diagnostics;
using Gateway.LoadTest.Commands;
using Gateway.LoadTest.Devices;
using Gateway.LoadTest.Measurement;
using Gateway.LoadTest.Mqtt;
using Gateway.LoadTest.Options;
using Gateway.LoadTest.Report;
using MQTTnet.Protocol;

namespace Gateway.LoadTest.Run;

/// <summary>
/// One phase: connect the observer and the device connections, publish (and command) through the
/// warm-up and the measured window, wait for the last messages and replies, and sum it all up.
/// </summary>
public static class PhaseRunner
{
    // Longer than any command can take on a gateway with the documents' timeouts (ESP32: 30 s),
    // so a running gateway's commands settle too; the embedded one's settle in about a second.
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(2);

    // The longest the telemetry backlog of an overloaded target is waited for.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(2);

    public static async Task<PhaseReport> RunAsync(PhaseSetup setup, DeviceFleet fleet, LoadOptions options, string runTag, ProcessSampler tool, CancellationToken ct)
    {
        var window = new MeasureWindow();
        // The drain's seconds are counted as long as the phase may wait for the backlog.
        var stretches = options.Flood ? new StretchTracker(window, options.Stretches, (int)Math.Ceiling((DrainLimit + options.Grace).TotalSeconds)) : null;
        var tracker = new TelemetryTracker(fleet.Devices.Count, window, gapsAreCoalesced: setup.GatewayStates, stretches);
        var receipts = new CommandReceipts();
        var rejections = new RejectionLog();
        var machine = new MachineSampler();
        var loadBefore = MachineSampler.LoadAverage();
        var groups = fleet.ByConnection(options.DevicesPerConnection);
        var schedule = string.Join(", then ", options.Stretches.Select(s => $"{s.Rate:0} msg/s for {s.Duration.TotalSeconds:0} s{(options.Flood ? $" ({s.Name})" : "")}"));
        Console.WriteLine($"== {setup.Name}: {setup.Target}; {fleet.Devices.Count} devices on {groups.Count} connections, "
            + $"{schedule} after {options.Warmup.TotalSeconds:0} s of warm-up; load average {loadBefore}");

        // Exact topics, no wildcards: a gateway or broker that is already running has other devices
        // (and the retained states of earlier runs), whose messages must not be taken for ours.
        var filters = setup.GatewayStates
            ? fleet.Devices.Select(d => d.StateTopic).Concat(fleet.Families.Select(f => $"gateway/rejected/{f.Family.Kind}"))
            : fleet.Devices.Select(d => d.TelemetryTopic).Distinct();
        await using var observer = await TelemetryObserver.OpenAsync(setup.MqttHost, setup.MqttPort, $"{runTag}-{setup.Name}-observer",
            filters, setup.GatewayStates, tracker, rejections, runTag, options.Qos, ct);
        var listen = setup.ApiUrl is not null && options.CommandRate > 0;
        var connections = await Task.WhenAll(groups.Select((devices, i) => DeviceConnection.OpenAsync(
            setup.MqttHost, setup.MqttPort, $"{runTag}-{setup.Name}-{i:D4}", devices, receipts, listen, ct)));
        try
        {
            using var http = listen ? new HttpClient { BaseAddress = setup.ApiUrl, Timeout = CommandLimit } : null;
            var commands = http is null ? null : new CommandStats();
            var driver = http is null ? null : new CommandDriver(http, fleet.Commandable, options.CommandRate, options.IgnoreFraction, runTag, commands!);

            var phaseStart = window.Open(options.Warmup, options.Stretches);
            var publishSchedule = new PublishSchedule(phaseStart, options.Rate, window);
            using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var printer = new ProgressPrinter(setup.Name, setup.GatewayStates, phaseStart, window, tracker, commands, rejections, setup.Server, tool);
            var progress = printer.RunAsync(stopProgress.Token);
            var sampler = stretches is null || setup.Server is null ? null : new SecondSampler(setup.Server, window, stretches.Seconds.Count);
            var sampling = sampler?.RunAsync(stopProgress.Token) ?? Task.CompletedTask;
            var work = connections
                .Select((c, i) => c.PublishTelemetryAsync(tracker, publishSchedule, (double)groups[i].Length / fleet.Devices.Count, window.End, options.Tick, options.Qos, ct))
                .Append(driver?.RunAsync(window.Start, window.End, ct) ?? Task.CompletedTask)
                .ToList();

            await DelayUntil(window.Start, ct);
            setup.Server?.Mark();
            tool.Mark();
            machine.Mark();
            var publicationsAtStart = tracker.Publications;
            await DelayUntil(window.End, ct);
            var serverCpu = setup.Server?.CpuPercentSinceMark();
            var toolCpu = tool.CpuPercentSinceMark();
            var busyCores = machine.BusyCoresSinceMark();
            var publications = tracker.Publications - publicationsAtStart;
            var deliveredDuringWindow = tracker.DeliveredDuringWindow;
            var resources = new ResourceReport(
                setup.Server?.Name, serverCpu is { } sc ? Math.Round(sc, 1) : null, setup.Server is { } s ? Mb(s.PeakRssBytes) : null,
                Math.Round(toolCpu, 1), Mb(tool.PeakRssBytes), Math.Round(busyCores, 2),
                Math.Round(Math.Max(0, busyCores - ((serverCpu ?? 0) + toolCpu) / 100), 2), loadBefore, MachineSampler.LoadAverage());
            await Task.WhenAll(work);

            await DrainTelemetryAsync(tracker, options.Grace, ct);
            var drainEnd = Stopwatch.GetTimestamp();
            if (driver is not null && !await driver.DrainAsync(CommandLimit))
                Console.WriteLine($"[{setup.Name}] {driver.InFlight} commands still had no answer after {CommandLimit.TotalSeconds:0} s");
            await stopProgress.CancelAsync();
            await progress;
            await sampling;

            var flood = stretches is null
                ? null
                : FloodSummary.Of(stretches, window, drainEnd, sampler?.Readings ?? [], options.Qos == MqttQualityOfServiceLevel.AtLeastOnce);
            var seconds = window.Seconds;
            var telemetry = new TelemetryReport(
                tracker.Sent, tracker.SentMeasured, Math.Round(tracker.SentMeasured / seconds, 1),
                connections.Sum(c => c.Behind), connections.Sum(c => c.Failed),
                tracker.DeliveredMeasured, Math.Round(deliveredDuringWindow / seconds, 1), tracker.CoalescedMeasured,
                tracker.SentMeasured - tracker.DeliveredMeasured,
                publications, Math.Round(publications / seconds, 1), tracker.Stale, observer.Unreadable,
                Math.Round((double)tracker.PayloadBytes.Sent / Math.Max(1, tracker.Sent)), Math.Round((double)tracker.PayloadBytes.Seen / Math.Max(1, tracker.Publications)),
                tracker.Latency.Summary());
            // The rate asked for on average over the window: the findings hold what was sent against it.
            var askedRate = options.Flood ? options.Stretches.Sum(s => s.Rate * s.Duration.TotalSeconds) / seconds : options.Rate;
            return new PhaseReport(setup.Name, setup.Target, fleet.Devices.Count, groups.Count, askedRate, seconds,
                telemetry, commands is null ? null : Commands(commands, receipts, driver!), rejections.Count, rejections.Samples, resources, printer.Samples, flood);
        }
        finally
        {
            foreach (var connection in connections)
                await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Waits until every device's last message is seen. An overloaded target still works through
    /// its backlog after the publishers stop, so the wait goes on while publications keep coming,
    /// and ends once none has come for <paramref name="grace"/> (or after <see cref="DrainLimit"/>).
    /// </summary>
    private static async Task DrainTelemetryAsync(TelemetryTracker tracker, TimeSpan grace, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var lastProgress = started;
        var publications = tracker.Publications;
        while (!tracker.AllSeen() && Stopwatch.GetElapsedTime(lastProgress) < grace && Stopwatch.GetElapsedTime(started) < DrainLimit)
        {
            await Task.Delay(50, ct);
            if (tracker.Publications == publications)
                continue;
            publications = tracker.Publications;
            lastProgress = Stopwatch.GetTimestamp();
        }
    }

    private static CommandReport Commands(CommandStats c, CommandReceipts r, CommandDriver driver) => new(
        c.Issued, c.Acknowledged, c.TimedOut, c.AcknowledgedButTimedOut, c.IgnoredButAcknowledged, c.Errors, c.Skipped, driver.InFlight,
        r.Received, r.Acknowledged, r.Ignored, r.Unreadable,
        c.AcknowledgedLatency.Summary(), c.TimedOutLatency.Summary(), c.ErrorSamples);

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static async Task DelayUntil(long timestamp, CancellationToken ct)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, ct);
    }
}
