using System.Net;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// The HTTP API of any node reaches every device: a command posted to a node that does not host
/// the drone goes through the shard region to the node that does, out through mosquitto to the
/// drone, and the drone's acknowledgement, taken in by whichever node the broker picks, settles it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossNodeCommandTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task ACommandPostedToOneNodeForADeviceHostedOnAnotherIsDeliveredAndSettled()
    {
        var drone = DeviceRoute.Of("drone", DroneIds.New("cross"));
        var commandTopic = $"/drone/{drone.Id}/command";
        await using var device = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        await device.SubscribeAsync(commandTopic);
        await device.PublishAsync($"/drone/{drone.Id}/telemetry", DroneExamples.TelemetryOf(drone.Id));
        var host = await Cluster.HostOfAsync(drone);
        var submitter = Cluster.OtherThan(host);

        var posted = await submitter.Api.PostCommandAsync(drone, Fixtures.Text(DroneExamples.LaunchCommand));

        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, $"{submitter} answered {posted}\n{Cluster.Diagnostics()}");
        var commandId = posted.Json.StringAt("command_id");
        Assert.False(string.IsNullOrEmpty(commandId), posted.ToString());
        var delivered = await Cluster.WithDiagnostics(() => device.WaitForAsync(m => m.Topic == commandTopic && m.StringField("command_id") == commandId,
            $"the LAUNCH posted to {submitter} for a drone hosted on {host}, through mosquitto"));
        Assert.Equal("LAUNCH", delivered.StringField("command"));

        await device.PublishAsync($"/drone/{drone.Id}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));

        foreach (var node in Cluster.Nodes)
        {
            var settled = await Cluster.WaitForCommandStatusAsync(node, drone, commandId!, "acknowledged");
            Assert.True(settled.At("attempts").GetArrayLength() == 1, $"{node}: one attempt was enough, yet: {settled}");
        }
        Assert.Single(device.Received, m => m.Topic == commandTopic && !m.IsEmpty);
    }
}
