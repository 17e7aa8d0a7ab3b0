using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>Petal robots (petal-app-manager.md) on a gateway of their own.</summary>
[CollectionDefinition(Name)]
public sealed class PetalCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "petal";
}
