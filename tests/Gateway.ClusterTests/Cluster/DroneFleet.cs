using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// A few drones of one test reporting the example telemetry through mosquitto, enough of them that
/// the cluster spreads them over its nodes, and what their shadows were at a moment the test chose,
/// to compare with what the survivors of a node serve afterwards.
/// </summary>
public sealed class DroneFleet(ClusterFixture cluster, IReadOnlyList<DeviceRoute> drones)
{
    /// <summary>
    /// gateway.telemetry.coalesce-window: telemetry is journaled once per window, so this is what a
    /// crash may lose by design. A test that kills a node waits past it first.
    /// </summary>
    public static readonly TimeSpan CoalescingWindow = TimeSpan.FromSeconds(1);

    public IReadOnlyList<DeviceRoute> Drones { get; } = drones;

    public static DroneFleet Create(ClusterFixture cluster, string purpose, int count) =>
        new(cluster, Enumerable.Range(0, count).Select(_ => DeviceRoute.Of("drone", DroneIds.New(purpose))).ToList());

    /// <summary>Each drone reports its own battery level (<paramref name="battery"/> plus its index), and the shadows show it through <paramref name="observer"/>.</summary>
    public async Task ReportAsync(int battery, ClusterNode observer)
    {
        for (var i = 0; i < Drones.Count; i++)
        {
            var level = battery + i;
            await Mosquitto.PublishAsync(cluster.Broker.Port, $"/drone/{Drones[i].Id}/telemetry", DroneExamples.TelemetryOf(Drones[i].Id, p => p["battery"] = level));
        }
        for (var i = 0; i < Drones.Count; i++)
        {
            var level = battery + i;
            await cluster.WaitForDeviceAsync(observer, Drones[i], v => v.Find("shadow.reported.battery")?.GetInt32() == level, $"battery {level} in the shadow");
        }
    }

    /// <summary>Every drone's shadow (reported, desired, delta, version and metadata) as <paramref name="node"/> serves it now.</summary>
    public async Task<IReadOnlyDictionary<DeviceRoute, JsonElement>> ShadowsAsync(ClusterNode node)
    {
        var shadows = new Dictionary<DeviceRoute, JsonElement>();
        foreach (var drone in Drones)
            shadows[drone] = (await cluster.WaitForDeviceAsync(node, drone, _ => true, "its view")).At("shadow");
        return shadows;
    }

    /// <summary>Waits until <paramref name="node"/> serves every drone with the shadow it had before; the deadline covers a device recovering from the journal.</summary>
    public async Task WaitUntilServedAsBeforeAsync(ClusterNode node, IReadOnlyDictionary<DeviceRoute, JsonElement> before)
    {
        foreach (var (drone, shadow) in before)
            await cluster.WaitForDeviceAsync(node, drone, v => JsonElement.DeepEquals(shadow, v.At("shadow")), $"the shadow it had before: {shadow}");
    }

    /// <summary>Which node hosts each drone, for failure messages.</summary>
    public async Task<string> PlacementAsync()
    {
        var hosts = new List<string>();
        foreach (var drone in Drones)
            hosts.Add($"{drone.Id} on {(await cluster.HostOfAsync(drone)).Name}");
        return string.Join(", ", hosts);
    }
}
