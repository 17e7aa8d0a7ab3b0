using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>The gateway on a real PostgreSQL server instead of SQLite.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresGatewayFixture>
{
    public const string Name = "postgres";
}
