using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>WarDragon kits (wardragon-kits.md) on a gateway of their own.</summary>
[CollectionDefinition(Name)]
public sealed class WarDragonCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "wardragon";
}
