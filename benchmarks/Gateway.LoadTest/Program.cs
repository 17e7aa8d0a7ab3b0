using System.Text.Json;
using Gateway.LoadTest.Devices;
using Gateway.LoadTest.Measurement;
using Gateway.LoadTest.Options;
using Gateway.LoadTest.Report;
using Gateway.LoadTest.Run;
using Gateway.LoadTest.Targets;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"loadtest: {e.Message}");
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the run and still cleans up (the gateway and mosquitto are stopped).
    e.Cancel = true;
    cts.Cancel();
};
var ct = cts.Token;
var outDir = Path.GetFullPath(options.OutDir);
Directory.CreateDirectory(outDir);
var startedAt = DateTimeOffset.UtcNow;
// A tag of its own for every run: device ids and command ids never meet those of an earlier run.
var runTag = $"lt{Guid.NewGuid().ToString("N")[..6]}";
var fleet = DeviceFleet.Create(options.Mix, options.Devices, runTag);
var tool = new ProcessSampler("loadtest", Environment.ProcessId);

try
{
    var machine = await MachineInfo.ReadAsync(ct);
    Console.WriteLine($"loadtest {runTag}: {machine.Cores} cores, {machine.Os}, {machine.Runtime}; load average {machine.LoadAverageAtStart}; reports in {outDir}");

    PhaseReport? baseline = null;
    if (options.CompareMosquitto)
    {
        using var mosquitto = await MosquittoBroker.StartAsync(Path.Combine(outDir, "mosquitto.log"), ct);
        baseline = await PhaseRunner.RunAsync(
            new PhaseSetup("mosquitto", mosquitto.Version, "127.0.0.1", mosquitto.Port, GatewayStates: false, ApiUrl: null, new ProcessSampler("mosquitto", mosquitto.Pid)),
            fleet, options, runTag, tool, ct);
    }

    PhaseReport target;
    string? dll = null;
    IReadOnlyList<string> serverNotes = [];
    switch (options.Target)
    {
        case Target.Embedded:
            dll = Path.GetFullPath(options.GatewayDll ?? GatewayProcess.DefaultDll());
            Console.WriteLine($"starting the gateway: {dll}");
            await using (var gateway = await GatewayProcess.StartAsync(dll, GatewayOverrides.Hocon(options.AckTimeout, options.StatePublishInterval), Path.Combine(outDir, "gateway.log"), ct))
            {
                target = await PhaseRunner.RunAsync(
                    new PhaseSetup("gateway", "embedded gateway", "127.0.0.1", gateway.MqttPort, GatewayStates: true, gateway.BaseUrl, new ProcessSampler("gateway", gateway.Pid)),
                    fleet, options, runTag, tool, ct);
                serverNotes = gateway.Health();
            }
            break;
        case Target.Running:
            target = await PhaseRunner.RunAsync(
                new PhaseSetup("gateway", $"running gateway {options.GatewayUrl}", options.MqttHost, options.MqttPort, GatewayStates: true, options.GatewayUrl,
                    options.GatewayPid is { } pid ? new ProcessSampler("gateway", pid) : null),
                fleet, options, runTag, tool, ct);
            break;
        default:
            target = await PhaseRunner.RunAsync(
                new PhaseSetup("broker", $"broker {options.MqttHost}:{options.MqttPort}", options.MqttHost, options.MqttPort, GatewayStates: false, ApiUrl: null, null),
                fleet, options, runTag, tool, ct);
            break;
    }

    var rssCheck = options.RssLimitMb is { } limit ? RssCheck.Of(limit, target) : null;
    var report = new RunReport(
        startedAt,
        "Gateway.LoadTest " + string.Join(' ', args),
        new OptionsReport(options.Devices, options.Mix.ToString(), options.DevicesPerConnection, options.Rate, options.Duration.TotalSeconds,
            options.Warmup.TotalSeconds, options.CommandRate, options.IgnoreFraction, options.Target.ToString().ToLowerInvariant(),
            options.Target == Target.Broker ? null : options.Target == Target.Running ? options.GatewayUrl.ToString() : "embedded",
            options.Target == Target.Embedded ? "embedded" : $"{options.MqttHost}:{options.MqttPort}", dll,
            options.Target == Target.Embedded ? options.AckTimeout.TotalMilliseconds : null, options.StatePublishInterval?.TotalMilliseconds,
            options.CompareMosquitto, (int)options.Qos, options.Grace.TotalSeconds, options.Tick.TotalMilliseconds,
            options.FloodRate, options.Flood ? options.FloodDuration.TotalSeconds : null, options.Flood ? options.FloodBefore.TotalSeconds : null, options.RssLimitMb),
        machine,
        target,
        baseline,
        baseline is null ? null : Ratios.Of(target, baseline),
        Findings.Of(target, baseline, coalescingConfigured: options.StatePublishInterval > TimeSpan.Zero,
            options.Target == Target.Embedded ? options.AckTimeout : null, serverNotes, rssCheck),
        rssCheck);
    await File.WriteAllTextAsync(Path.Combine(outDir, "report.json"), JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport), ct);
    var markdown = MarkdownReport.Write(report);
    await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), markdown, ct);
    Console.WriteLine();
    Console.WriteLine(markdown);
    return 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("loadtest: stopped");
    return 130;
}
catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or HttpRequestException or MQTTnet.Exceptions.MqttCommunicationException)
{
    Console.Error.WriteLine($"loadtest: {e.Message}");
    return 1;
}
