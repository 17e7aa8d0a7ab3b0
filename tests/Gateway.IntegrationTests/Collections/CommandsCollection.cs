using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>
/// Command delivery, acknowledgement and timeouts, on a gateway of their own: these tests wait
/// out acknowledgement windows, so they run beside the device tests rather than after them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CommandsCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "commands";
}
