using System.Buffers;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// An MQTTnet client playing a drone or an observer: it records every message it receives, with
/// its retain flag, QoS and expiry, and lets a test wait for the ones it expects.
/// </summary>
public sealed class MqttTestClient : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly MessageInbox _inbox = new();

    private MqttTestClient(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += OnReceived;
    }

    /// <summary>Connects with a clean session; <paramref name="clientId"/> "" sends an empty client id, as small device SDKs do.</summary>
    public static async Task<MqttTestClient> ConnectAsync(int port, MqttProtocolVersion version = MqttProtocolVersion.V500, string? clientId = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var wrapper = new MqttTestClient(client);
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(version)
            .WithClientId(clientId ?? $"it-{Guid.NewGuid():N}")
            .WithCleanSession()
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        try
        {
            var result = await client.ConnectAsync(options);
            Assert.True(result.ResultCode == MqttClientConnectResultCode.Success, $"MQTT connect to port {port} answered {result.ResultCode} {result.ReasonString}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return wrapper;
    }

    public async Task SubscribeAsync(string topic)
    {
        var options = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await _client.SubscribeAsync(options);
        foreach (var item in result.Items)
            Assert.True(item.ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2, $"subscription to {topic} refused: {item.ResultCode}");
    }

    /// <summary>Publishes at QoS 1 and returns the PUBACK as it came (MQTT 5: its reason code and string), whatever it says.</summary>
    public Task<MqttClientPublishResult> PublishForResultAsync(string topic, string payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

    public bool IsConnected => _client.IsConnected;

    /// <summary>Publishes at QoS 1 (unless told otherwise), so the broker has taken the message when this returns; MQTT 5 user properties if given.</summary>
    public Task PublishAsync(string topic, string payload, IReadOnlyList<(string Name, string Value)>? userProperties = null,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), userProperties, qos);

    /// <summary>As the text overload, with the payload's bytes as they are (not UTF-8, say).</summary>
    public async Task PublishAsync(string topic, byte[] payload, IReadOnlyList<(string Name, string Value)>? userProperties = null,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(qos);
        foreach (var (name, value) in userProperties ?? [])
            builder.WithUserProperty(name, Encoding.UTF8.GetBytes(value).AsMemory());
        var message = builder.Build();
        var result = await _client.PublishAsync(message);
        Assert.True(result.IsSuccess, $"publish to {topic} failed: {result.ReasonCode} {result.ReasonString}");
    }

    public IReadOnlyList<ReceivedMessage> Received => _inbox.Received;

    public async Task<ReceivedMessage> WaitForAsync(Func<ReceivedMessage, bool> match, string expectation, TimeSpan? deadline = null) =>
        (await WaitForCountAsync(match, 1, expectation, deadline))[0];

    /// <summary>Waits until at least <paramref name="count"/> received messages match, and returns all that do.</summary>
    public Task<IReadOnlyList<ReceivedMessage>> WaitForCountAsync(Func<ReceivedMessage, bool> match, int count, string expectation, TimeSpan? deadline = null) =>
        _inbox.WaitForCountAsync(match, count, expectation, deadline ?? Eventually.DefaultDeadline);

    /// <summary>
    /// Subscribes to <paramref name="topic"/> and returns the retained messages that came with the
    /// subscription. A broker queues retained messages to a subscriber together with its SUBACK, so
    /// a marker published afterwards (on a topic of its own, since the gateway refuses what is not a
    /// command on a command topic) arrives after any of them: whatever precedes it was retained.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedMessage>> SubscribeForRetainedAsync(string topic)
    {
        var marker = $"test/marker/{Guid.NewGuid():N}";
        await SubscribeAsync(marker);
        await SubscribeAsync(topic);
        await PublishAsync(marker, "marker");
        await WaitForAsync(m => m.Topic == marker, $"the marker after the retained messages of {topic}");
        return Received.TakeWhile(m => m.Topic != marker).Where(m => m.Topic == topic).ToList();
    }

    /// <summary>
    /// Waits until a new subscriber to <paramref name="topic"/> gets nothing retained. The gateway
    /// clears a retained command after settling it, through its egress, so the clear may trail the
    /// API's answer by a moment; a fresh client is used each time because only a new subscription
    /// is sent the retained message.
    /// </summary>
    public static async Task WaitUntilNothingRetainedAsync(int port, string topic, GatewayProcess? gateway = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            IReadOnlyList<ReceivedMessage> retained;
            await using (var client = await ConnectAsync(port))
                retained = await client.SubscribeForRetainedAsync(topic);
            if (retained.Count == 0)
                return;
            if (clock.Elapsed > Eventually.DefaultDeadline)
                throw new Xunit.Sdk.XunitException($"a new subscriber to {topic} still gets a retained message after {Eventually.DefaultDeadline.TotalSeconds} s: {string.Join('\n', retained)}\n{gateway?.LogTail()}");
            await Task.Delay(100);
        }
    }

    private Task OnReceived(MqttApplicationMessageReceivedEventArgs e)
    {
        var m = e.ApplicationMessage;
        _inbox.Add(new ReceivedMessage(m.Topic, m.Payload.ToArray(), m.Retain, m.QualityOfServiceLevel, m.MessageExpiryInterval));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
                await _client.DisconnectAsync();
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            // The broker may be gone already (a stopped gateway); there is nothing left to close.
        }
        _client.Dispose();
    }
}
