using System.Buffers;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// An MQTTnet client connected with the options a test chooses (a persistent session, a Receive
/// Maximum, a Maximum Packet Size), which records what it receives, what its CONNACK said and why
/// it was disconnected, and with <c>manualAck</c> holds back its PUBACKs until told to send them.
/// </summary>
public sealed class SessionClient : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly MessageInbox _inbox = new();
    private readonly bool _manualAck;
    private readonly List<MqttApplicationMessageReceivedEventArgs> _unacknowledged = [];
    private readonly TaskCompletionSource<MqttClientDisconnectedEventArgs> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SessionClient(IMqttClient client, bool manualAck)
    {
        _client = client;
        _manualAck = manualAck;
        _client.ApplicationMessageReceivedAsync += OnReceived;
        _client.DisconnectedAsync += e =>
        {
            _disconnected.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    public MqttClientConnectResult Connack { get; private set; } = null!;

    /// <summary>Connects, whatever the CONNACK says (see <see cref="Connack"/>); <paramref name="options"/> adds to a clean MQTT 5 connection of this id.</summary>
    public static async Task<SessionClient> ConnectAsync(int port, string clientId, Action<MqttClientOptionsBuilder>? options = null, bool manualAck = false)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart()
            .WithTimeout(TimeSpan.FromSeconds(10));
        options?.Invoke(builder);
        var client = new SessionClient(new MqttClientFactory().CreateMqttClient(), manualAck);
        // MQTTnet 5 returns a refused CONNACK rather than throwing it.
        client.Connack = await client._client.ConnectAsync(builder.Build());
        return client;
    }

    public IMqttClient Client => _client;

    public bool IsConnected => _client.IsConnected;

    public IReadOnlyList<ReceivedMessage> Received => _inbox.Received;

    /// <summary>Why the broker ended the connection (its DISCONNECT's reason), once it has.</summary>
    public Task<MqttClientDisconnectedEventArgs> Disconnected => _disconnected.Task;

    public int Unacknowledged
    {
        get
        {
            lock (_unacknowledged)
                return _unacknowledged.Count;
        }
    }

    public async Task SubscribeAsync(string filter)
    {
        var result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.All(result.Items, item => Assert.True(item.ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2, $"subscription to {filter} refused: {item.ResultCode}"));
    }

    public Task<MqttClientPublishResult> PublishAsync(string topic, string payload, ushort topicAlias = 0, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce)
    {
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(qos);
        if (topicAlias > 0)
            builder.WithTopicAlias(topicAlias);
        return _client.PublishAsync(builder.Build());
    }

    public Task<IReadOnlyList<ReceivedMessage>> WaitForCountAsync(Func<ReceivedMessage, bool> match, int count, string expectation, TimeSpan? deadline = null) =>
        _inbox.WaitForCountAsync(match, count, expectation, deadline ?? Eventually.DefaultDeadline);

    /// <summary>Sends the PUBACKs held back so far.</summary>
    public async Task AcknowledgeAsync()
    {
        MqttApplicationMessageReceivedEventArgs[] held;
        lock (_unacknowledged)
        {
            held = [.. _unacknowledged];
            _unacknowledged.Clear();
        }
        foreach (var message in held)
            await message.AcknowledgeAsync(CancellationToken.None);
    }

    private Task OnReceived(MqttApplicationMessageReceivedEventArgs e)
    {
        if (_manualAck && e.ApplicationMessage.QualityOfServiceLevel > MqttQualityOfServiceLevel.AtMostOnce)
        {
            e.AutoAcknowledge = false;
            lock (_unacknowledged)
                _unacknowledged.Add(e);
        }
        var m = e.ApplicationMessage;
        _inbox.Add(new ReceivedMessage(m.Topic, m.Payload.ToArray(), m.Retain, m.QualityOfServiceLevel, m.MessageExpiryInterval));
        return Task.CompletedTask;
    }

    /// <summary>A DISCONNECT, after which the broker keeps the session if the client asked for one.</summary>
    public async Task DisconnectAsync()
    {
        if (_client.IsConnected)
            await _client.DisconnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await DisconnectAsync();
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            // The broker ended the connection already.
        }
        _client.Dispose();
    }
}
