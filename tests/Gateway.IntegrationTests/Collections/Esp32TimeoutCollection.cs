using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>
/// The one test that waits out an ESP32 command's 30 s acknowledgement window, on its own gateway
/// so the wait overlaps everything else. xunit.runner.json lets four collections run at once
/// (rather than one per core): the tests spend their time waiting on child processes, not computing.
/// </summary>
[CollectionDefinition(Name)]
public sealed class Esp32TimeoutCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "esp32-timeout";
}
