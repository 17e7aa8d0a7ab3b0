using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.MqttHttp.IntegrationTests;

/// <summary>One gateway process (the shared <see cref="GatewayProcess"/>) for every test of the class.</summary>
public sealed class MqttHttpGateway : IAsyncLifetime
{
    private GatewayProcess _process = null!;

    public int MqttPort => _process.MqttPort;

    public HttpClient Http => _process.Http;

    public GatewayProcess Process => _process;

    public async Task InitializeAsync() => _process = await GatewayProcess.StartAsync("mqtthttp");

    public async Task DisposeAsync() => await _process.DisposeAsync();
}
