using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// A client subscribed to <c>gateway/#</c> that never reads: the embedded broker keeps at most
/// <c>max-pending-messages-per-client</c> messages for it and drops the oldest (counted and
/// logged), so the gateway's memory stays bounded while everything flows on to the other subscribers.
/// </summary>
public sealed class SlowSubscriberTests
{
    private const int Drones = 100, MessagesEach = 60;
    private const int QueueLength = 200;
    // About 12 KB of telemetry per message, so an unbounded queue would hold Drones x MessagesEach x 12 KB (72 MB).
    private static readonly string Padding = new('x', 12_000);

    [Fact]
    public async Task ASubscriberThatNeverReadsCostsItsQueueAndSlowsNobody()
    {
        using var config = await ConfigFile.WriteAsync("slow", $"gateway.mqtt.max-pending-messages-per-client = {QueueLength}\ngateway.mqtt.limits.publish-rate = 0\ngateway.devices.state-publish-interval = 0\n");
        await using var gateway = await GatewayProcess.StartAsync("slow-subscriber", ["--config", config.Path]);
        await using var observer = await MqttTestClient.ConnectAsync(gateway.MqttPort);
        await observer.SubscribeAsync("gateway/drone/+/state");
        // The same flood once with every subscriber reading, so the process has grown to what the flood itself needs.
        await FloodAsync(gateway, observer, "warm");
        var before = gateway.ResidentBytes;

        using var stalled = await SubscribeAndStopReadingAsync(gateway.MqttPort, "gateway/#");
        await FloodAsync(gateway, observer, "slow");

        var grown = gateway.ResidentBytes - before;
        // Measured here: 16 to 29 MB with the queue bounded (the flood's own garbage); 64 to 68 MB with
        // a queue of 100,000, which holds every state publication of the flood.
        Assert.True(grown < 45 * 1024 * 1024, $"the gateway grew by {grown / 1024 / 1024} MB while a subscriber did not read (a queue of {QueueLength} messages is about 3 MB)\n{gateway.LogTail()}");
        Assert.Contains("Client 'stalled-subscriber' reads too slowly", gateway.Logs);
    }

    /// <summary>Drones x MessagesEach telemetry messages of about 12 KB, each published as a state; every drone's last report reaches the subscriber that reads.</summary>
    private static async Task FloodAsync(GatewayProcess gateway, MqttTestClient observer, string purpose)
    {
        var ids = Enumerable.Range(0, Drones).Select(i => DroneIds.New($"{purpose}{i}")).ToArray();
        await using (var device = await MqttTestClient.ConnectAsync(gateway.MqttPort))
            foreach (var round in Enumerable.Range(1, MessagesEach))
                await Task.WhenAll(ids.Select(drone => device.PublishAsync($"/drone/{drone}/telemetry",
                    DroneExamples.TelemetryOf(drone, t => { t["battery"] = round % 100; t["padding"] = Padding; }))));
        foreach (var drone in ids)
            await observer.WaitForAsync(m => m.Topic == $"gateway/drone/{drone}/state" && m.Json().Find("shadow.reported.battery")?.GetInt32() == MessagesEach % 100,
                $"{drone}'s last state publication");
    }

    /// <summary>A raw MQTT 3.1.1 client with a small receive buffer that subscribes and then never reads again.</summary>
    private static async Task<Socket> SubscribeAndStopReadingAsync(int port, string filter)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var clientId = Encoding.ASCII.GetBytes("stalled-subscriber");
        byte[] connect = [0x10, (byte)(12 + clientId.Length), 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0, 60, 0, (byte)clientId.Length, .. clientId];
        await socket.SendAsync(connect);
        await ReadExactlyAsync(socket, 4); // CONNACK
        var topic = Encoding.ASCII.GetBytes(filter);
        byte[] subscribe = [0x82, (byte)(5 + topic.Length), 0, 1, 0, (byte)topic.Length, .. topic, 0];
        await socket.SendAsync(subscribe);
        await ReadExactlyAsync(socket, 5); // SUBACK
        return socket;
    }

    private static async Task ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            Assert.True(n > 0, "the broker closed the connection during the handshake");
            read += n;
        }
    }
}
