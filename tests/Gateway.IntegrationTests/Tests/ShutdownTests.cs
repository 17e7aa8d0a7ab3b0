using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// A stop (SIGTERM) with devices still connected: the broker closes their connections itself,
/// telling MQTT 5 clients why, before the HTTP server stops. Kestrel carries the broker's
/// connections, and stopped first it waited its whole shutdown timeout (30 s) for clients that
/// stayed connected and then cut them off without a word.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task ConnectedClientsAreToldTheServerIsShuttingDownAndTheGatewayExitsCleanly()
    {
        await using var gateway = await GatewayProcess.StartAsync("shutdown");
        await using var mqtt5 = await SessionClient.ConnectAsync(gateway.MqttPort, "shutdown-v5");
        await using var mqtt311 = await SessionClient.ConnectAsync(gateway.MqttPort, "shutdown-v311", o => o.WithProtocolVersion(MqttProtocolVersion.V311));

        await gateway.StopAsync();

        var told = await mqtt5.Disconnected.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(told.Reason == MqttClientDisconnectReason.ServerShuttingDown, $"{told.Reason} {told.ReasonString}");
        Assert.Equal("the gateway is shutting down", told.ReasonString);
        // MQTT 3.1.1 has no DISCONNECT from the server: its connection is closed.
        await mqtt311.Disconnected.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
