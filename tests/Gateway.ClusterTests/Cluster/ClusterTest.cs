using Xunit;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// What every cluster test starts from: three nodes up, whatever the previous test did to them.
/// A test that failed while a node was down would otherwise fail every test after it.
/// </summary>
public abstract class ClusterTest(ClusterFixture cluster) : IAsyncLifetime
{
    protected ClusterFixture Cluster { get; } = cluster;

    public Task InitializeAsync() => Cluster.EnsureWholeAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
