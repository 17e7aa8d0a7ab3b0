using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>The gateway on an external broker; one test stops and restarts that broker, so they share it in turn.</summary>
[CollectionDefinition(Name)]
public sealed class ExternalBrokerCollection : ICollectionFixture<ExternalBrokerFixture>
{
    public const string Name = "external-broker";
}
