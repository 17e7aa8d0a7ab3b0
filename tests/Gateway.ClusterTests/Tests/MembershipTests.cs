using System.Text.Json;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// The cluster as an operator first meets it: every node lists the same three members up, and the
/// document's telemetry published once to mosquitto is in the drone's shadow whichever node is asked.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class MembershipTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task EveryNodeListsTheSameThreeMembersUpAndNamesItself()
    {
        var leaders = new List<string?>();
        foreach (var node in Cluster.Nodes)
        {
            var view = await node.Api.GetClusterAsync();
            Assert.True(view.HasExactlyUp(Cluster.Nodes), $"{node} does not list the three nodes up: {view}\n{Cluster.Diagnostics()}");
            Assert.True(node.Owns(view.AnsweredBy), $"{node} answered as '{view.AnsweredBy}', not as {node.Address}: {view}");
            Assert.All(view.Members, m => Assert.Contains("gateway", m.Roles));
            Assert.True(Cluster.Nodes.Any(n => n.Owns(view.Leader)), $"{node} names no member as leader: {view}");
            leaders.Add(view.Leader);
        }
        Assert.True(leaders.Distinct().Count() == 1, $"the nodes disagree on the leader: {string.Join(", ", leaders)}");
    }

    [Fact]
    public async Task TheExampleTelemetryPublishedToMosquittoIsInTheShadowOnEveryNode()
    {
        var drone = DeviceRoute.Of("drone", DroneExamples.DroneId);
        await Mosquitto.PublishFileAsync(Cluster.Broker.Port, $"/drone/{drone.Id}/telemetry", Fixtures.PathOf(DroneExamples.Telemetry), qos: 1);

        var example = Fixtures.Object(DroneExamples.Telemetry);
        foreach (var node in Cluster.Nodes)
        {
            var view = await Cluster.WaitForDeviceAsync(node, drone, v => v.Find("shadow.reported.battery") is not null, "the example telemetry in the shadow");
            Assert.Equal(84, view.At("shadow.reported.battery").GetInt32());
            Assert.Equal("IN_FLIGHT", view.StringAt("shadow.reported.status"));
            JsonAssert.Same(example["location"]!.ToJsonString(), view.At("shadow.reported.location"), $"the location {node} serves");
        }

        var hosts = new List<string?>();
        foreach (var node in Cluster.Nodes)
            hosts.Add((await node.Api.GetClusterAsync(drone)).DeviceMember);
        Assert.True(hosts.Distinct().Count() == 1 && Cluster.Nodes.Any(n => n.Owns(hosts[0])),
            $"the nodes do not agree on one member hosting {drone}: {string.Join(", ", hosts)}");
    }
}
