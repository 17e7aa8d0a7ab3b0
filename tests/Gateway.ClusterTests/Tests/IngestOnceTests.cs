using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// Three nodes subscribe to the same device topics on one broker; with MQTT 5 shared subscriptions
/// the broker hands each message to one of them. Plain subscriptions would hand it to all three,
/// and each would route its copy to the device's one actor: the event would be journaled thrice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class IngestOnceTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    // The copies of a message go out to the nodes together, so a duplicate would be journaled
    // within moments of the first; this is long enough for it to show in every view.
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task EachEventPublishedOnceIsIngestedOnceAndServedOnceByEveryNode()
    {
        var drone = DeviceRoute.Of("drone", DroneIds.New("once"));
        await using var watcher = await MosquittoSubscriber.StartAsync(Cluster.Broker.Port, drone.EventsTopic);
        // Three events, so that a broker sharing the subscription round-robin hands one to each node.
        var markers = Enumerable.Range(1, ClusterFixture.Size).Select(i => $"once-{i}").ToList();
        foreach (var marker in markers)
            await Mosquitto.PublishAsync(Cluster.Broker.Port, $"/drone/{drone.Id}/events", Fixtures.With(DroneExamples.AedDeployedEvent, p => p["marker"] = marker));

        await Cluster.WithDiagnostics(() => watcher.WaitForCountAsync(m => m.Topic == drone.EventsTopic, markers.Count, $"{markers.Count} journaled events of {drone} on {drone.EventsTopic}"));
        foreach (var node in Cluster.Nodes)
            await Cluster.WaitForDeviceAsync(node, drone, v => v.At("recent_events").GetArrayLength() >= markers.Count, $"{markers.Count} recent events");
        await Task.Delay(DuplicateWindow);

        foreach (var node in Cluster.Nodes)
        {
            var view = (await node.Api.GetDeviceAsync(drone)).Json;
            var seen = view.At("recent_events").EnumerateArray().Select(e => e.StringAt("payload.marker")).ToList();
            foreach (var marker in markers)
                Assert.True(seen.Count(m => m == marker) == 1, $"{node} lists the event '{marker}' {seen.Count(m => m == marker)} times, not once: {view.At("recent_events")}\n{Cluster.Diagnostics()}");
            Assert.True(seen.Count == markers.Count, $"{node} lists {seen.Count} events for {markers.Count} published: {view.At("recent_events")}");
        }
        var published = watcher.Received.Where(m => m.Topic == drone.EventsTopic).ToList();
        Assert.True(published.Count == markers.Count, $"the gateway announced {published.Count} journaled events for {markers.Count} published:\n{string.Join('\n', published)}\n{Cluster.Diagnostics()}");
    }
}
