using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>ESP32 boards (dese-esp32.md) on a gateway of their own, so they run beside the drone tests.</summary>
[CollectionDefinition(Name)]
public sealed class Esp32Collection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "esp32";
}
