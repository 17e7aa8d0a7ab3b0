using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>The device directory's tests, which restart their gateway (and rewrite its journal), so they have one to themselves.</summary>
[CollectionDefinition(Name)]
public sealed class DirectoryCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "directory";
}
