using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>A private PostgreSQL server and a gateway journaling into it (--persistence postgres).</summary>
public sealed class PostgresGatewayFixture : IAsyncLifetime
{
    public const string Database = "gateway";

    private PostgresServer? _postgres;
    private GatewayProcess? _gateway;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("the PostgreSQL fixture is not initialized");

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("the PostgreSQL fixture is not initialized");

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync(Database);
        _gateway = await GatewayProcess.StartAsync("postgres", ["--persistence", "postgres", "--connection-string", _postgres.ConnectionString(Database)]);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_gateway is not null)
                await _gateway.DisposeAsync();
        }
        finally
        {
            if (_postgres is not null)
                await _postgres.DisposeAsync();
        }
    }
}
