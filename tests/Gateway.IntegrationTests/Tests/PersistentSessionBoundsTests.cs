using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// What persistent sessions can make the embedded broker hold: at most
/// <c>gateway.mqtt.sessions.max-persistent</c> sessions (the one whose client is away longest ends
/// for a new one; with none away a new one is refused), each for at most
/// <c>gateway.mqtt.sessions.max-expiry</c>, each queue at most <c>max-pending-messages-per-client</c>.
/// Each test starts a gateway with small bounds of its own.
/// </summary>
public sealed class PersistentSessionBoundsTests
{
    [Fact]
    public async Task PastMaxPersistentTheSessionAwayLongestEndsAndWithNoneAwayANewOneIsRefused()
    {
        using var config = await ConfigFile.WriteAsync("sessions-bound", "gateway.mqtt.sessions.max-persistent = 2\n");
        // The broker's debug line for a client gone away: the order the broker saw a and b leave in
        // must be the order they left in, which a loaded machine does not otherwise promise.
        await using var gateway = await GatewayProcess.StartAsync("sessions-bound", ["--config", config.Path],
            GatewayProcess.BrokerDebugLog);
        var port = gateway.MqttPort;
        Action<MqttClientOptionsBuilder> persistent = o => o.WithCleanStart(false).WithSessionExpiryInterval(600);
        foreach (var id in new[] { "bound-a", "bound-b" })
        {
            await using (var client = await SessionClient.ConnectAsync(port, id, persistent))
                await client.SubscribeAsync($"it/{id}");
            await gateway.WaitForLogAsync($"Client '{id}' is away; its persistent session is kept for 600 s");
        }
        await using (var publisher = await MqttTestClient.ConnectAsync(port))
        {
            await publisher.PublishAsync("it/bound-a", "for a");
            await publisher.PublishAsync("it/bound-b", "for b");
        }

        // A third session: a's client has been away longest, so a's session ends.
        await using var c = await SessionClient.ConnectAsync(port, "bound-c", persistent);
        Assert.Equal(MqttClientConnectResultCode.Success, c.Connack.ResultCode);
        await gateway.WaitForLogAsync("The persistent session of client 'bound-a' ended (evicted)");
        await using var b = await SessionClient.ConnectAsync(port, "bound-b", persistent);
        Assert.True(b.Connack.IsSessionPresent, "b's session was ended instead of a's");
        await b.WaitForCountAsync(m => m.Text == "for b", 1, "b's queued message");

        // b and c are connected: no session is away to end, so a new one is refused, in either protocol.
        await using var d = await SessionClient.ConnectAsync(port, "bound-d", persistent);
        Assert.Equal(MqttClientConnectResultCode.QuotaExceeded, d.Connack.ResultCode);
        Assert.Contains("(gateway.mqtt.sessions.max-persistent)", d.Connack.ReasonString);
        await using var e = await SessionClient.ConnectAsync(port, "bound-e", o => o.WithProtocolVersion(MqttProtocolVersion.V311).WithCleanSession(false));
        Assert.Equal(MqttClientConnectResultCode.ServerUnavailable, e.Connack.ResultCode);
        // A clean session costs no persistent one: a's client can still connect, and finds nothing kept.
        await using var a = await SessionClient.ConnectAsync(port, "bound-a");
        Assert.Equal(MqttClientConnectResultCode.Success, a.Connack.ResultCode);
        Assert.False(a.Connack.IsSessionPresent);
    }

    [Fact]
    public async Task AnMqtt311SessionLastsMaxExpiryAndAnAbsentClientsQueueKeepsTheNewestMessages()
    {
        using var config = await ConfigFile.WriteAsync("sessions-expiry", "gateway.mqtt.sessions.max-expiry = 3s\ngateway.mqtt.max-pending-messages-per-client = 5\n");
        await using var gateway = await GatewayProcess.StartAsync("sessions-expiry", ["--config", config.Path]);
        var port = gateway.MqttPort;
        Action<MqttClientOptionsBuilder> persistent311 = o => o.WithProtocolVersion(MqttProtocolVersion.V311).WithCleanSession(false);
        await using (var device = await SessionClient.ConnectAsync(port, "queue-311", persistent311))
            await device.SubscribeAsync("it/queue-311");

        await using (var publisher = await MqttTestClient.ConnectAsync(port))
            for (var n = 1; n <= 12; n++)
                await publisher.PublishAsync("it/queue-311", $"m{n}");

        await using (var back = await SessionClient.ConnectAsync(port, "queue-311", persistent311))
        {
            Assert.True(back.Connack.IsSessionPresent);
            await back.WaitForCountAsync(_ => true, 5, "the five newest messages");
            await Task.Delay(TimeSpan.FromSeconds(1));
            // The queue held 5: the oldest seven were dropped, counted and logged, and not sent after the reconnect either.
            Assert.Equal(["m8", "m9", "m10", "m11", "m12"], back.Received.Select(m => m.Text));
            await gateway.WaitForLogAsync("Client 'queue-311' reads too slowly");
        }

        // MQTT 3.1.1 names no expiry: the session lasts max-expiry (3 s) after its client left, then the broker ends it.
        await gateway.WaitForLogAsync("The persistent session of client 'queue-311' ended (expired)");
        await using var late = await SessionClient.ConnectAsync(port, "queue-311", persistent311);
        Assert.False(late.Connack.IsSessionPresent, "the MQTT 3.1.1 session outlived gateway.mqtt.sessions.max-expiry");
    }
}
