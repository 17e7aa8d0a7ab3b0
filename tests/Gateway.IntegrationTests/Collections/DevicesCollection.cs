using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>Device input, the shadow, validation and health: tests that need a gateway but never restart it.</summary>
[CollectionDefinition(Name)]
public sealed class DevicesCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "devices";
}
