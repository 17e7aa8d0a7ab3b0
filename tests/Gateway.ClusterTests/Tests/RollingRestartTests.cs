using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// A rolling restart (each node in turn stopped with SIGTERM and started again, as a Deployment
/// update does) while devices keep reporting. The coalescing window is what a crash may lose; a
/// node that leaves flushes it on hand-off, so here every message must be kept: each drone's shadow
/// version counts every telemetry message it sent, and every event is in its recent events.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RollingRestartTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

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
        foreach (var node in Cluster.Nodes)
        {
            foreach (var drone in drones)
            {
                var view = await Cluster.WaitForDeviceAsync(node, drone, v => v.Find("shadow.reported.seq")?.GetInt32() == sent, $"the last telemetry (seq {sent})");
                var version = view.At("shadow.version").GetInt64();
                Assert.True(version == sent, $"{node} shows {drone} at shadow version {version} after {sent} telemetry messages that each changed it: {sent - version} lost\n{Cluster.Diagnostics()}");
                var markers = view.At("recent_events").EnumerateArray().Select(e => e.StringAt("payload.marker")).ToHashSet();
                var missing = pump.Events.Where(e => e.Drone == drone && !markers.Contains(e.Marker)).Select(e => e.Marker).ToList();
                Assert.True(missing.Count == 0, $"{node} lost the events {string.Join(", ", missing)} of {drone}: {view.At("recent_events")}\n{Cluster.Diagnostics()}");
            }
        }
    }
}
