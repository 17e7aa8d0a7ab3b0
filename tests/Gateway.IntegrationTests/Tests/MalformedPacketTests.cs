using System.Net.Sockets;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// Malformed MQTT at the embedded broker, sent as raw bytes: each one closes that connection and
/// nothing else. A well-behaved client connected alongside keeps publishing and receiving, and
/// the device state already stored does not change (the broken PUBLISHes aim at that device).
/// </summary>
public sealed class MalformedPacketTests : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync("malformed");

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    /// <summary>
    /// Each case: the keep-alive of the valid CONNECT it follows (none: it is the first packet),
    /// the bytes, and how soon the connection must close. A packet cut short never completes, so
    /// the broker cannot tell it from a slow one: the keep-alive (1 s, so 1.5 s) or the connect
    /// timeout (10 s by default) closes it. Every other case is closed on the packet itself; their
    /// keep-alive of 60 s is far beyond the deadline, so no timeout can pass for them.
    /// MQTTnet 5.2 alone would serve on after a topic that is not UTF-8 (it decodes it with
    /// replacement characters) and after wrong fixed-header flags (it does not look at them); the
    /// listener's guard checks both before MQTTnet reads the packet.
    /// </summary>
    private static IEnumerable<(string Case, ushort? KeepAlive, byte[] Bytes, TimeSpan Deadline)> Cases(string telemetry)
    {
        var battery = Encoding.UTF8.GetBytes("""{"battery":1}""");
        var atOnce = TimeSpan.FromSeconds(5);
        yield return ("a PUBLISH cut short", 1, Publish(0x30, Topic(telemetry), [], battery)[..12], atOnce);
        yield return ("a CONNECT cut short", null, Connect("it-cut", 60)[..9], TimeSpan.FromSeconds(15));
        yield return ("a remaining length of five bytes", 60, [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], atOnce);
        yield return ("a topic longer than its packet", 60, [0x30, 0x05, 0x00, 0x40, (byte)'/', (byte)'d', (byte)'r'], atOnce);
        yield return ("a second CONNECT", 60, Connect("it-second", 60), atOnce);
        yield return ("a PUBLISH before CONNECT", null, Publish(0x30, Topic(telemetry), [], battery), atOnce);
        yield return ("reserved packet type 0", 60, [0x00, 0x00], atOnce);
        yield return ("reserved packet type 15", 60, [0xF0, 0x00], atOnce);
        yield return ("a PUBLISH at QoS 3", 60, Publish(0x36, Topic(telemetry), [0x00, 0x01], battery), atOnce);
        byte[] notUtf8 = [.. Encoding.UTF8.GetBytes(telemetry[..^"telemetry".Length]), 0xC3, 0x28];
        yield return ("a topic that is not UTF-8", 60, Publish(0x30, [0x00, (byte)notUtf8.Length, .. notUtf8], [], battery), atOnce);
        yield return ("a topic holding U+0000", 60, Publish(0x30, Topic(telemetry + "\0"), [], battery), atOnce);
        byte[] filter = Topic("it/#");
        yield return ("a SUBSCRIBE with flags 0000", 60, [0x80, (byte)(2 + filter.Length + 1), 0x00, 0x07, .. filter, 0x00], atOnce);
        yield return ("a PINGREQ with flags 0001", 60, [0xC1, 0x00], atOnce);
    }

    [Fact]
    public async Task EachMalformedPacketClosesItsConnectionAndNothingElse()
    {
        var drone = DeviceRoute.Of("drone", DeviceIds.New("malformed"));
        var telemetry = $"/drone/{drone.Id}/telemetry";
        await using var alongside = await MqttTestClient.ConnectAsync(_gateway.MqttPort);
        var echo = $"it/alongside/{drone.Id}";
        await alongside.SubscribeAsync(echo);
        await alongside.PublishAsync(telemetry, """{"drone_id":"placeholder","battery":84}""".Replace("placeholder", drone.Id));
        var stored = (await _gateway.WaitForDeviceAsync(drone, d => d.Find("shadow.reported.battery") is not null, "battery stored")).At("shadow");

        foreach (var (name, keepAlive, bytes, deadline) in Cases(telemetry))
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", _gateway.MqttPort);
            if (keepAlive is { } seconds)
            {
                await socket.SendAsync(Connect($"it-{Guid.NewGuid():N}", seconds));
                Assert.Equal(0x20, await ReadFirstByteAsync(socket)); // CONNACK
            }
            await socket.SendAsync(bytes);

            Assert.True(await RawConnections.ClosedWithinAsync(socket, deadline), $"{name}: the connection stayed open");
            Assert.True(_gateway.IsRunning, $"{name}: the gateway stopped");
            Assert.True(alongside.IsConnected, $"{name}: the client alongside was disconnected");
            await alongside.PublishAsync(echo, name);
            await alongside.WaitForAsync(m => m.Topic == echo && m.Text == name, $"{name}: the client alongside receives its own message");
            // The echo came back through the broker after the malformed packet, so anything it let through has reached the device by now.
            var now = (await _gateway.Api.GetDeviceAsync(drone)).Json.At("shadow");
            Assert.True(stored.At("reported").GetRawText() == now.At("reported").GetRawText(), $"{name}: the device's state changed to {now.At("reported").GetRawText()}");
            Assert.Equal(stored.At("version").GetInt64(), now.At("version").GetInt64());
        }
    }

    /// <summary>An MQTT 3.1.1 CONNECT with a clean session.</summary>
    private static byte[] Connect(string clientId, ushort keepAliveSeconds)
    {
        byte[] body = [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04, 0x02, (byte)(keepAliveSeconds >> 8), (byte)keepAliveSeconds, .. Topic(clientId)];
        return [0x10, (byte)body.Length, .. body];
    }

    /// <summary>A length-prefixed UTF-8 string, as MQTT writes topics and client ids.</summary>
    private static byte[] Topic(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return [(byte)(utf8.Length >> 8), (byte)utf8.Length, .. utf8];
    }

    /// <summary>A PUBLISH with the given first byte (type and flags); small enough for a one-byte remaining length.</summary>
    private static byte[] Publish(byte first, byte[] topic, byte[] packetId, byte[] payload) =>
        [first, (byte)(topic.Length + packetId.Length + payload.Length), .. topic, .. packetId, .. payload];

    private static async Task<int> ReadFirstByteAsync(Socket socket)
    {
        var buffer = new byte[16];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0 ? buffer[0] : -1;
    }
}
