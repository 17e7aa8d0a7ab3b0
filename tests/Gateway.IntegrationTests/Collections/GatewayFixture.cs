using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>
/// One gateway process on SQLite shared by a collection's tests. Each collection gets its own
/// instance, so collections run in parallel against separate gateways; tests in one collection
/// use distinct drone ids and so never see each other's state.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("the gateway fixture is not initialized");

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync("sqlite");

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
    }
}
