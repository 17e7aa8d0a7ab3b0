using System.Diagnostics;
using System.Text.Json;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// A rolling restart (each node in turn stopped with SIGTERM and started again, as a Deployment
/// update does) while devices keep reporting. The coalescing window is what a crash may lose; a
/// node that leaves flushes it on hand-off, so here every message must be kept: each drone's shadow
/// version counts every telemetry message it sent (each one adds a field of its own, so it changes
/// the shadow even when it arrives after a newer one), its <c>seq</c> is the last one sent (a
/// message that overtook another through the shared subscription does not win), and every event
/// is in its recent events. Two losses are known and allowed, both messages the broker had been
/// acknowledged for: what Akka sharding logs dropping from a region's buffer when a shard hands off
/// ("Dropping [N] buffered messages to shard ... during hand off"), and at most one message per node
/// leaving (in flight in its MQTT session or its region as it stops). Acknowledging QoS 1 messages
/// only once journaled (the next issue) lets the broker send them again; then the allowance goes.
/// Anything else lost, an older value winning, or nodes disagreeing fails the test.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    // Time for the last messages of the pump to reach every drone's actor.
    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ARollingRestartOfAllThreeNodesUnderSteadyTelemetryLosesNothing()
    {
        var droppedBefore = DroppedDuringHandOff();
        var drones = Enumerable.Range(0, 4).Select(_ => DeviceRoute.Of("drone", DroneIds.New("rolling"))).ToList();
        await using var pump = await TelemetryPump.StartAsync(Cluster.Broker.Port, drones, Interval);
        foreach (var drone in drones)
            await Cluster.WaitForDeviceAsync(Cluster.Nodes[0], drone, v => v.Find("shadow.reported.seq") is not null, "its first telemetry");

        foreach (var node in Cluster.Nodes)
        {
            await Cluster.StopAsync(node);
            await Cluster.StartAgainAsync(node);
        }
        await pump.StopAsync();

        var sent = pump.Ticks;
        var settled = Stopwatch.StartNew();
        List<string> problems = [];
        var lost = 0;
        foreach (var node in Cluster.Nodes)
        {
            foreach (var drone in drones)
            {
                var view = await SettledViewAsync(node, drone, sent, settled);
                var seq = view.Find("shadow.reported.seq")?.GetInt32();
                var version = view.At("shadow.version").GetInt64();
                if (version < sent && node == Cluster.Nodes[0])
                    lost += (int)(sent - version);
                if (version < sent)
                    problems.Add($"{node}: {drone} is at shadow version {version} after {sent} telemetry messages that each changed it: {sent - version} lost (it shows seq {seq})");
                else if (seq != sent)
                    problems.Add($"{node}: {drone} shows seq {seq} though the last message sent carried {sent}, and its version {version} counts every message: an older message was applied after a newer one; metadata {view.At("shadow.metadata.reported.seq")}, last_seen {view.At("last_seen")}");
                var markers = view.At("recent_events").EnumerateArray().Select(e => e.StringAt("payload.marker")).ToHashSet();
                var missing = pump.Events.Where(e => e.Drone == drone && !markers.Contains(e.Marker)).Select(e => e.Marker).ToList();
                if (missing.Count > 0 && node == Cluster.Nodes[0])
                    lost += missing.Count;
                if (missing.Count > 0)
                    problems.Add($"{node}: {drone} lost the events {string.Join(", ", missing)}: {view.At("recent_events")}");
            }
        }
        var dropped = DroppedDuringHandOff() - droppedBefore;
        var allowed = dropped + Cluster.Nodes.Count;
        var onlyKnownLosses = lost <= allowed && problems.All(p => p.Contains(" lost "));
        Assert.True(problems.Count == 0 || onlyKnownLosses, $"after a rolling restart ({lost} lost; allowed {allowed}: {dropped} logged as dropped during hand-off and one per node leaving) under {sent} ticks of telemetry:\n{string.Join('\n', problems)}\n{Cluster.Diagnostics()}");
    }

    /// <summary>The messages the nodes' shard regions logged as dropped during a hand-off, so far.</summary>
    private int DroppedDuringHandOff() => Cluster.Nodes.Sum(node =>
        System.Text.RegularExpressions.Regex.Matches(node.Process.Logs, @"Dropping \[(\d+)\] buffered messages to shard").Sum(m => int.Parse(m.Groups[1].Value)));

    /// <summary>
    /// The drone's view once it shows the last message sent and counts every message, or as it is
    /// once <paramref name="clock"/> (one for all the views) passes the deadline: what it got wrong
    /// is then told apart by the checks above.
    /// </summary>
    private async Task<JsonElement> SettledViewAsync(ClusterNode node, DeviceRoute drone, int sent, Stopwatch clock)
    {
        while (true)
        {
            var view = await Cluster.WaitForDeviceAsync(node, drone, _ => true, "its view");
            if ((view.Find("shadow.reported.seq")?.GetInt32() == sent && view.At("shadow.version").GetInt64() >= sent) || clock.Elapsed > SettleDeadline)
                return view;
            await Task.Delay(200);
        }
    }
}
