using System.Text.Json;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// SIGTERM is how an orchestrator stops a node on purpose: it leaves the cluster, hands its shards
/// to the others with the telemetry it had not journaled yet, and exits 0. Nothing is lost.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GracefulLeaveTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task ANodeStoppedWithSigtermLeavesEveryDeviceServedWithItsLatestState()
    {
        var fleet = DroneFleet.Create(Cluster, "leave", 6);
        var target = fleet.Drones[0];
        await using var device = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        await device.SubscribeAsync($"/drone/{target.Id}/command");
        await fleet.ReportAsync(battery: 60, Cluster.Nodes[0]);
        var host = await Cluster.HostOfAsync(target);
        var acknowledgedId = await DroneCommands.LaunchAndAcknowledgeAsync(Cluster, Cluster.OtherThan(host), target, device);
        var placement = await fleet.PlacementAsync();

        // Seen in the shadows but still inside the coalescing window when SIGTERM arrives, so only
        // the hand-off can have journaled it.
        await fleet.ReportAsync(battery: 30, host);
        var shadows = await fleet.ShadowsAsync(host);
        var history = (await host.Api.GetCommandAsync(target, acknowledgedId)).Json;
        await Cluster.StopAsync(host);

        foreach (var survivor in Cluster.AllBut(host))
        {
            await fleet.WaitUntilServedAsBeforeAsync(survivor, shadows);
            var after = await Cluster.WaitForCommandAsync(survivor, target, acknowledgedId, _ => true, "its view");
            Assert.True(JsonElement.DeepEquals(history, after),
                $"{survivor} serves command {acknowledgedId} differently after {host} left (placement before: {placement}):\nbefore: {history}\nafter:  {after}\n{Cluster.Diagnostics()}");
        }

        await Cluster.StartAgainAsync(host);
    }
}
