using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>ANC things (anc-aws-iot-shadow.md) on a gateway of their own; its restart test stops only this gateway, and tests in one collection never run at the same time.</summary>
[CollectionDefinition(Name)]
public sealed class AncCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "anc";
}
