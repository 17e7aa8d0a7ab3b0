using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>One gateway for a test class, started with <paramref name="hocon"/> as its configuration file.</summary>
public abstract class ConfiguredGatewayFixture(string name, string hocon) : IAsyncLifetime
{
    private ConfigFile? _config;
    private GatewayProcess? _gateway;

    public GatewayProcess Gateway => _gateway ?? throw new InvalidOperationException($"the gateway '{name}' is not started");

    public async Task InitializeAsync()
    {
        _config = await ConfigFile.WriteAsync(name, hocon);
        _gateway = await GatewayProcess.StartAsync(name, ["--config", _config.Path]);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
            await _gateway.DisposeAsync();
        _config?.Dispose();
    }
}
