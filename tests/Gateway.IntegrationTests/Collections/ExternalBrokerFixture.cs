using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Collections;

/// <summary>A private mosquitto 2 and one gateway on SQLite that reaches its devices through it (<c>--mqtt external</c>).</summary>
public sealed class ExternalBrokerFixture : IAsyncLifetime
{
    private MosquittoBroker? _broker;
    private GatewayProcess? _gateway;

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("the external broker fixture is not initialized");

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException("the external broker fixture is not initialized");

    public async Task InitializeAsync()
    {
        _broker = await MosquittoBroker.StartAsync();
        _gateway = await GatewayProcess.StartAsync("external", ["--mqtt", "external", "--broker", _broker.Url]);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        if (_broker is not null)
            await _broker.DisposeAsync();
    }
}
