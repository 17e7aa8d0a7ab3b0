using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>Tests that stop and restart their gateway, so they must have one to themselves.</summary>
[CollectionDefinition(Name)]
public sealed class RestartCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "restart";
}
