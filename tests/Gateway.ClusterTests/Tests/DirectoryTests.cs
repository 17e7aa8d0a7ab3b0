using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// The device directory in a cluster: one projection (a singleton) builds it from the shared
/// journal, and every node answers from it, so every node lists the same devices, the same way,
/// as the device views (served by whichever node hosts each device) show them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DirectoryTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task EveryNodeListsTheSameDirectory()
    {
        var scenario = await DirectoryScenario.PublishAsync(Cluster.Nodes[0].Process, Cluster.Broker.Port, awsShadow: false);
        var listed = await Cluster.WithDiagnostics(() => scenario.ListedAsViewedAsync(Cluster.Nodes[0].Process));
        var organization = DirectoryListing.WithoutOnline((await Cluster.Nodes[0].Api.GetDirectoryAsync("", scenario.Org)).Json);

        foreach (var node in Cluster.Nodes.Skip(1))
        {
            var there = await Cluster.WithDiagnostics(() => scenario.ListedAsViewedAsync(node.Process));
            foreach (var route in scenario.All)
                Assert.True(listed[route] == there[route], $"{node} lists {route} as {there[route]}, {Cluster.Nodes[0]} as {listed[route]}");
            Assert.Equal(organization, DirectoryListing.WithoutOnline((await node.Api.GetDirectoryAsync("", scenario.Org)).Json));
        }
        await scenario.FiltersAndPagesAsync(Cluster.Nodes[^1].Process);
    }
}
