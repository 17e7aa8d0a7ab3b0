using System.Net.Sockets;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// What a client can make the embedded broker hold: raw sockets and real MQTT clients against a
/// gateway with small limits, each refusal seen by the client, in the log with its reason, and
/// the gateway still serving afterwards.
/// </summary>
public sealed class BoundedInputTests : IAsyncLifetime
{
    private const int MaxConnections = 100;
    private string _config = "";
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync()
    {
        _config = Path.Combine(Directory.CreateTempSubdirectory("gateway-it-limits-").FullName, "limits.hocon");
        await File.WriteAllTextAsync(_config, $$"""
            # A packet limit must hold the largest device payload with its topic, or the gateway does not start.
            gateway.devices.max-payload-bytes = 32KiB
            gateway.mqtt.limits {
              max-packet-bytes = 64KiB
              connect-timeout = 2s
              max-connections = {{MaxConnections}}
              max-topic-levels = 8
              publish-rate = 5
              publish-burst = 5
              max-keep-alive = 300s
            }
            """);
        _gateway = await GatewayProcess.StartAsync("limits", ["--config", _config]);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true);
    }

    [Fact]
    public async Task A256MegabyteConnectIsRefusedOnItsHeaderAndTheMemoryStaysFlat()
    {
        // The first connections pay for the process's own warm-up (code compiled, pools filled), which is not what is measured.
        await RefuseHugeConnectsAsync(5);
        await (await MqttTestClient.ConnectAsync(_gateway.MqttPort)).DisposeAsync();
        var before = _gateway.ResidentBytes;

        await RefuseHugeConnectsAsync(50);
        var grown = _gateway.ResidentBytes - before;

        Assert.True(grown < 10 * 1024 * 1024, $"resident memory grew by {grown / 1024} KiB");
        Assert.Contains("closed (packet-too-large): it sent a packet of 268435460 bytes, over max-packet-bytes (65536)", _gateway.Logs);
        await using var device = await MqttTestClient.ConnectAsync(_gateway.MqttPort);
    }

    private async Task RefuseHugeConnectsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var socket = await RawAsync();
            // CONNECT claiming 268,435,455 bytes, then data as if it were coming.
            await socket.SendAsync(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F });
            await SendUntilClosedAsync(socket, new byte[4096]);
            Assert.True(await RawConnections.ClosedWithinAsync(socket, TimeSpan.FromSeconds(5)), "the gateway kept the connection of a 256 MB CONNECT open");
        }
    }

    [Fact]
    public async Task AnIdleFloodIsCappedAndEachIdleConnectionClosedAfterTheConnectTimeout()
    {
        var sockets = new List<Socket>();
        var resetAtConnect = 0;
        try
        {
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    sockets.Add(await RawAsync());
                }
                catch (SocketException)
                {
                    // Past max-connections the gateway may close a connection before the connect returns.
                    resetAtConnect++;
                }
            }
            // Past max-connections the rest are closed at once; the first ones after connect-timeout.
            var closed = await Task.WhenAll(sockets.Select(s => RawConnections.ClosedWithinAsync(s, TimeSpan.FromSeconds(10))));

            Assert.True(resetAtConnect <= 200 - MaxConnections, $"{resetAtConnect} connections were reset before the limit was reached");
            Assert.All(closed, Assert.True);
            Assert.Contains("closed (max-connections)", _gateway.Logs);
            Assert.Contains("closed (connect-timeout): it sent no CONNECT within 2 s", _gateway.Logs);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
        await using var device = await MqttTestClient.ConnectAsync(_gateway.MqttPort);
    }

    [Fact]
    public async Task APublicationOverThePacketLimitClosesTheClientsConnection()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options().Build());
        var disconnected = new TaskCompletionSource();
        client.DisconnectedAsync += _ => { disconnected.TrySetResult(); return Task.CompletedTask; };

        await Assert.ThrowsAnyAsync<Exception>(() => client.PublishStringAsync("/drone/Alpha-3/telemetry", new string('x', 70_000), MqttQualityOfServiceLevel.AtLeastOnce));
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("closed (packet-too-large)", _gateway.Logs);
    }

    [Fact]
    public async Task PublicationsOverTheClientsRateAreAnsweredQuotaExceeded()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options().Build());

        var codes = new List<MqttClientPublishReasonCode>();
        for (var i = 0; i < 20; i++)
            codes.Add((await client.PublishStringAsync("it/rate", "x", MqttQualityOfServiceLevel.AtLeastOnce)).ReasonCode);

        // The burst passes (nobody subscribes, so MQTT 5 says so rather than Success), then the rate holds.
        Assert.DoesNotContain(MqttClientPublishReasonCode.QuotaExceeded, codes.Take(5));
        Assert.Contains(MqttClientPublishReasonCode.QuotaExceeded, codes.Skip(5));
        Assert.Contains("refused (rate): over 5 publications a second", _gateway.Logs);
    }

    [Fact]
    public async Task TopicsWithTooManyLevelsAreRefused()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options().Build());

        var publish = await client.PublishStringAsync("a/b/c/d/e/f/g/h/i", "x", MqttQualityOfServiceLevel.AtLeastOnce);
        var subscribe = await client.SubscribeAsync("a/b/c/d/e/f/g/h/#");

        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, publish.ReasonCode);
        Assert.Equal(MqttClientSubscribeResultCode.TopicFilterInvalid, Assert.Single(subscribe.Items).ResultCode);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500, 0, MqttClientConnectResultCode.ImplementationSpecificError)]
    [InlineData(MqttProtocolVersion.V311, 301, MqttClientConnectResultCode.ClientIdentifierNotValid)]
    public async Task AKeepAliveOfNeverOrOverTheCeilingIsRefused(MqttProtocolVersion version, int seconds, MqttClientConnectResultCode expected)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = Options(version).WithKeepAlivePeriod(TimeSpan.FromSeconds(seconds)).Build();

        var refused = await client.ConnectAsync(options);

        Assert.Equal(expected, refused.ResultCode);
        Assert.Contains($"a keep-alive of {seconds} s; it must be from 1 to 300 s", _gateway.Logs);
    }

    [Fact]
    public async Task NoClientMayConnectAsTheGatewayItself()
    {
        using var client = new MqttClientFactory().CreateMqttClient();

        var refused = await client.ConnectAsync(Options().WithClientId("gateway").Build());

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refused.ResultCode);
    }

    private MqttClientOptionsBuilder Options(MqttProtocolVersion version = MqttProtocolVersion.V500) => new MqttClientOptionsBuilder()
        .WithTcpServer("127.0.0.1", _gateway.MqttPort)
        .WithProtocolVersion(version)
        .WithClientId($"it-{Guid.NewGuid():N}")
        .WithTimeout(TimeSpan.FromSeconds(10));

    private async Task<Socket> RawAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", _gateway.MqttPort);
        return socket;
    }

    /// <summary>Sends <paramref name="data"/> unless the gateway has already closed the connection, as it may at any moment.</summary>
    private static async Task SendUntilClosedAsync(Socket socket, byte[] data)
    {
        try
        {
            await socket.SendAsync(data);
        }
        catch (SocketException)
        {
        }
    }
}
