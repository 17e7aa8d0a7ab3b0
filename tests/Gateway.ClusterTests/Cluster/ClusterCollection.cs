using Xunit;

namespace Gateway.ClusterTests.Cluster;

/// <summary>Every test of this project shares one cluster and runs alone, one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
