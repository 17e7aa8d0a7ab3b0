using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The short form of the overload flood (the long one is the load tool's <c>--flood-rate</c>,
/// benchmarks/README.md): drone telemetry at QoS 0 as fast as this process can send it, from many
/// connections, while drones send QoS 1 events, with the shipped limits: past
/// <c>gateway.mqtt.max-input-lag</c>, <c>max-backlog</c> or <c>max-heap-share</c> the gateway drops QoS 0 at the door (counted, logged at a
/// bounded rate) instead of queueing it, so its memory stays under the bound, every event it
/// acknowledged is kept, and a QoS 1 event sent after the flood is taken again. How fast it recovers
/// is measured by the long form, not asserted here.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class FloodTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FloodFor = TimeSpan.FromSeconds(20);
    private const int Flooders = 6, DronesEach = 200, MaxMessages = 4_000_000;
    private const int EventDrones = 10, EventsEach = 20;
    // The bound an operator sets on the runtime (a container's memory limit does the same): the GC
    // heap may not pass it. Resident memory adds the runtime, code and native buffers (about 200 MB).
    private const long HeapLimit = 192L * 1024 * 1024;
    // Measured here: 320 to 350 MB while QoS 0 is shed at first; 370 to
    // 390 MB once the device directory, history and dispatcher came (issue 13; the GC's committed
    // memory at most 185 MB of it, dotnet-counters), so the runtime's share is taken as 250 MB. Queued instead
    // (max-input-lag = 1h, max-backlog = 10000000), the journal's backlog outgrows the heap and the
    // runtime aborts (exit 134, out of memory); without the heap limit the process reached 620 to 790 MB.
    private const long ResidentBound = HeapLimit + 250L * 1024 * 1024;

    [Fact]
    public async Task AFloodIsShedAtTheDoorAndEverythingAcknowledgedIsKept()
    {
        using var config = await ConfigFile.WriteAsync("flood", "gateway.mqtt.limits.publish-rate = 0\ngateway.families.drone.telemetry.persist = each\n");
        await using var gateway = await GatewayProcess.StartAsync("flood", ["--config", config.Path],
            // MQTTnet's own log too: a connection it closes says why.
            new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = HeapLimit.ToString("x"), ["Logging__LogLevel__MQTTnet"] = "Debug" });
        // A dispatcher reading every state publication, as in a deployment: each message the device actors take costs its publication too.
        using var dispatcher = await DispatcherAsync(gateway);
        var probe = new Probe(gateway, DroneIds.New("probe"));
        await probe.SendEventAsync();
        var calm = await probe.SendEventAsync();

        using var stop = new CancellationTokenSource(FloodFor);
        var peak = SamplePeakResidentAsync(gateway, stop.Token);
        var eventDrones = Enumerable.Range(0, EventDrones).Select(i => DroneIds.New($"flood-events{i}")).ToArray();
        var acknowledged = eventDrones.Select(drone => SendEventsAsync(gateway, drone, stop.Token)).ToArray();
        var sent = await Task.WhenAll(Enumerable.Range(0, Flooders).Select(i => FloodAsync(gateway, i, stop.Token)));
        var floodEnded = Stopwatch.StartNew();
        output.WriteLine($"flood: {sent.Sum()} QoS 0 messages in {FloodFor.TotalSeconds} s; peak resident memory {await peak / 1024 / 1024} MB");

        // Taken again after the flood: a QoS 1 event is journaled and acknowledged, and the drone's
        // view shows it. However long this machine takes to get there; each time is printed.
        List<string> probes = [];
        var after = await Eventually.Until(async () =>
        {
            var answer = await probe.SendEventAsync();
            probes.Add(answer.Taken ? $"{answer.Took.TotalMilliseconds:0} ms" : $"not taken ({answer.Took.TotalMilliseconds:0} ms)");
            return answer;
        }, answer => answer.Taken, "a QoS 1 event sent after the flood to be acknowledged", gateway, TimeSpan.FromSeconds(60));
        output.WriteLine($"QoS 1 events after the flood: {string.Join(", ", probes)}");
        output.WriteLine($"after the flood: a QoS 1 event was acknowledged in {after.Took.TotalMilliseconds:0} ms, {floodEnded.Elapsed.TotalSeconds:0.0} s after its end (before it: {calm.Took.TotalMilliseconds:0} ms)");
        var probed = await gateway.Api.GetDeviceAsync(probe.Drone);
        Assert.True(probed.StatusCode == HttpStatusCode.OK, $"{probe.Drone}: {probed}\n{gateway.LogTail()}");
        Assert.True(probed.Json.At("recent_events").EnumerateArray().Any(e => e.At("payload").At("sequence").GetInt32() == after.Sequence),
            $"{probe.Drone}: event {after.Sequence} was acknowledged after the flood but is not in its view: {probed}\n{gateway.LogTail()}");

        Assert.True(await peak < ResidentBound, $"the gateway's resident memory reached {await peak / 1024 / 1024} MB in the flood (bound {ResidentBound / 1024 / 1024} MB)\n{gateway.LogTail()}");
        var drops = gateway.Logs.Split('\n').Count(l => l.Contains("QoS 0 device message(s), the latest on"));
        Assert.True(drops >= 1, $"nothing was dropped: the flood did not overload the gateway, so it tested nothing\n{gateway.LogTail()}");
        Assert.True(drops <= FloodFor.TotalSeconds / 10 + 2, $"{drops} lines about dropped messages in {FloodFor.TotalSeconds} s: the log is not bounded");

        for (var i = 0; i < EventDrones; i++)
        {
            var taken = await acknowledged[i];
            var view = await gateway.Api.GetDeviceAsync(eventDrones[i]);
            Assert.True(view.StatusCode == HttpStatusCode.OK, $"{eventDrones[i]}: {view}\n{gateway.LogTail()}");
            var kept = view.Json.At("recent_events").EnumerateArray().Select(e => e.At("payload").At("sequence").GetInt32()).ToHashSet();
            Assert.True(kept.IsSupersetOf(taken), $"{eventDrones[i]}: events {string.Join(",", taken.Except(kept))} were acknowledged but are not there\n{gateway.LogTail()}");
            Assert.True(taken.Count > 0, $"{eventDrones[i]}: no event was acknowledged during the flood\n{gateway.LogTail()}");
        }
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("healthz")).StatusCode);
    }

    private static async Task<IMqttClient> DispatcherAsync(GatewayProcess gateway)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        // A receive buffer as README advises for a .NET subscriber on the gateway's machine.
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gateway.MqttPort).WithClientId($"dispatcher-{Guid.NewGuid():N}").Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = 256 * 1024;
        await client.ConnectAsync(options);
        await client.SubscribeAsync("gateway/#");
        return client;
    }

    /// <summary>One connection sending QoS 0 telemetry of <see cref="DronesEach"/> drones in turn, as fast as it is taken, until stopped; how many it sent.</summary>
    private static async Task<int> FloodAsync(GatewayProcess gateway, int index, CancellationToken stop)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gateway.MqttPort).WithClientId($"flooder-{index}-{Guid.NewGuid():N}").Build());
        var messages = Enumerable.Range(0, DronesEach).Select(i => DroneIds.New($"flood{index}x{i}"))
            .Select(drone => new MqttApplicationMessageBuilder().WithTopic($"/drone/{drone}/telemetry")
                .WithPayload(Encoding.UTF8.GetBytes(DroneExamples.TelemetryOf(drone))).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build())
            .ToArray();
        var sent = 0;
        try
        {
            while (!stop.IsCancellationRequested && sent < MaxMessages / Flooders)
                await client.PublishAsync(messages[sent++ % messages.Length], CancellationToken.None);
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException e)
        {
            throw new Xunit.Sdk.XunitException(
                $"flooder {index} lost its connection after {sent} messages ({e.Message}); the gateway is {(gateway.IsRunning ? "running" : "gone")}\n{gateway.LogTail()}");
        }
        return sent;
    }

    /// <summary>A QoS 1 event every 300 ms until stopped, each awaited to its PUBACK; the sequences the gateway acknowledged as taken.</summary>
    private static async Task<HashSet<int>> SendEventsAsync(GatewayProcess gateway, string drone, CancellationToken stop)
    {
        await using var device = await MqttTestClient.ConnectAsync(gateway.MqttPort);
        HashSet<int> taken = [];
        for (var sequence = 1; sequence <= EventsEach && !stop.IsCancellationRequested; sequence++)
        {
            var answer = await device.PublishForResultAsync($"/drone/{drone}/events", Event(sequence));
            if (answer.IsSuccess)
                taken.Add(sequence);
            await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        }
        return taken;
    }

    private static async Task<long> SamplePeakResidentAsync(GatewayProcess gateway, CancellationToken stop)
    {
        long peak = 0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, gateway.ResidentBytes);
            await Task.Delay(250, CancellationToken.None);
        }
        // The backlog of a gateway that queued instead of shedding is still there right after the flood.
        return Math.Max(peak, gateway.ResidentBytes);
    }

    /// <summary>A drone of its own whose QoS 1 events are timed to their PUBACK, which the gateway sends once the event is journaled.</summary>
    private sealed class Probe(GatewayProcess gateway, string drone)
    {
        private int _sequence;

        public string Drone => drone;

        /// <summary>One event on a new connection: its sequence, whether it was taken (not, if its write did not finish within the PUBACK timeout), and how long the answer took (printed, not asserted).</summary>
        public async Task<ProbeEvent> SendEventAsync()
        {
            await using var device = await MqttTestClient.ConnectAsync(gateway.MqttPort);
            var sequence = ++_sequence;
            var clock = Stopwatch.StartNew();
            var answer = await device.PublishForResultAsync($"/drone/{drone}/events", Event(sequence));
            return new ProbeEvent(sequence, answer.IsSuccess, clock.Elapsed);
        }
    }

    private sealed record ProbeEvent(int Sequence, bool Taken, TimeSpan Took);

    private static string Event(int sequence) =>
        new JsonObject { ["event"] = "AED_DEPLOYED", ["mission_id"] = DroneExamples.MissionId, ["timestamp"] = "2025-12-01T14:23:16Z", ["sequence"] = sequence }.ToJsonString();
}
