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
/// is in its recent events.
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
        foreach (var node in Cluster.Nodes)
        {
            foreach (var drone in drones)
            {
                var view = await SettledViewAsync(node, drone, sent, settled);
                var seq = view.Find("shadow.reported.seq")?.GetInt32();
                var version = view.At("shadow.version").GetInt64();
                if (version < sent)
                    problems.Add($"{node}: {drone} is at shadow version {version} after {sent} telemetry messages that each changed it: {sent - version} lost (it shows seq {seq})");
                else if (seq != sent)
                    problems.Add($"{node}: {drone} shows seq {seq} though the last message sent carried {sent}, and its version {version} counts every message: an older message was applied after a newer one; metadata {view.At("shadow.metadata.reported.seq")}, last_seen {view.At("last_seen")}");
                var markers = view.At("recent_events").EnumerateArray().Select(e => e.StringAt("payload.marker")).ToHashSet();
                var missing = pump.Events.Where(e => e.Drone == drone && !markers.Contains(e.Marker)).Select(e => e.Marker).ToList();
                if (missing.Count > 0)
                    problems.Add($"{node}: {drone} lost the events {string.Join(", ", missing)}: {view.At("recent_events")}");
            }
        }
        Assert.True(problems.Count == 0, $"after a rolling restart under {sent} ticks of telemetry:\n{string.Join('\n', problems)}\n{Cluster.Diagnostics()}");
    }

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
