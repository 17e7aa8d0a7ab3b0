using System.Net;
using Gateway.Protocols.Outbound;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Gateway.Mqtt;

/// <summary>
/// The MQTTnet broker inside the gateway, for one node. Devices connect to it directly; its
/// publish interceptor sees every message it accepts (devices', other clients', the gateway's own)
/// and hands each to the attached handlers, so every message is also one for the HTTP subscriptions.
/// </summary>
public sealed class EmbeddedBrokerTransport : IMqttTransport, IAsyncDisposable
{
    /// <summary>The client id the gateway's own publications carry, so they are never ingested.</summary>
    public const string GatewayClientId = "gateway";

    /// <summary>The client id publications for HTTP clients carry: not the gateway's, so they are routed to device actors.</summary>
    public const string HttpClientId = "gateway-http";

    private readonly MqttServer _server;
    private readonly ILogger<EmbeddedBrokerTransport> _log;
    private InboundHandler[] _handlers = [];

    public EmbeddedBrokerTransport(EmbeddedBrokerSettings settings, ILogger<EmbeddedBrokerTransport> log)
    {
        Settings = settings;
        _log = log;
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(settings.Bind))
            .WithDefaultEndpointPort(settings.Port)
            .WithMaxPendingMessagesPerClient(settings.MaxPendingMessagesPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.ValidatingConnectionAsync += AssignMissingClientId;
        _server.InterceptingPublishAsync += OnPublish;
    }

    public EmbeddedBrokerSettings Settings { get; }

    public string Mode => "embedded";

    public string Endpoint => $"{Settings.Bind}:{Settings.Port}";

    public TransportStatus Status => _server.IsStarted ? new(true, $"listening on {Endpoint}") : new(false, "not listening");

    public string ClientPublisherId => HttpClientId;

    public void Attach(InboundHandler handler) => Handlers.Add(ref _handlers, handler);

    public void Detach(InboundHandler handler) => Handlers.Remove(ref _handlers, handler);

    public Task StartAsync(CancellationToken ct) => _server.StartAsync();

    public Task StopAsync(CancellationToken ct) => _server.IsStarted ? _server.StopAsync(new MqttServerStopOptions()) : Task.CompletedTask;

    public Task PublishAsync(MqttPublish publish) =>
        Inject(publish, GatewayClientId);

    /// <summary>
    /// Clearing a retained command must not deliver an empty command to the device, which a
    /// publication would; the embedded broker can drop the retained copy directly.
    /// </summary>
    public async Task ClearRetainedAsync(string topic)
    {
        try
        {
            await _server.UpdateRetainedMessageAsync(new MqttApplicationMessage { Topic = topic, Retain = true, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce });
        }
        catch (Exception e)
        {
            _log.LogError(e, "Clearing the retained message on {Topic} failed", topic);
        }
    }

    public async Task PublishForClientAsync(MqttPublish publish)
    {
        if (!_server.IsStarted)
            throw new TransportUnavailableException("The embedded MQTT broker is not running");
        // Not cancellable: a message half dispatched would reach some subscribers only.
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(Message(publish)) { SenderClientId = HttpClientId }, CancellationToken.None);
    }

    /// <summary>The publish interceptor already sees every message, so an HTTP subscription needs nothing from the broker.</summary>
    public Task<string?> ObserveAsync(string filter) => Task.FromResult<string?>(null);

    public void StopObserving(string filter)
    {
    }

    private async Task Inject(MqttPublish publish, string clientId)
    {
        try
        {
            await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(Message(publish)) { SenderClientId = clientId }, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.LogError(e, "Publishing to {Topic} failed", publish.Topic);
        }
    }

    private static MqttApplicationMessage Message(MqttPublish publish) => new()
    {
        Topic = publish.Topic,
        PayloadSegment = MqttPayload.ToSegment(publish.Payload),
        Retain = publish.Retain,
        QualityOfServiceLevel = publish.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce,
        MessageExpiryInterval = publish.ExpirySeconds,
    };

    /// <summary>Hands the accepted message to every handler and returns; the handlers never wait on an actor or a callback.</summary>
    private Task OnPublish(InterceptingPublishEventArgs args)
    {
        var handlers = Volatile.Read(ref _handlers);
        var m = args.ApplicationMessage;
        // A publication refused before us (an unknown topic alias) never reaches a subscriber.
        if (handlers.Length == 0 || !args.ProcessPublish || string.IsNullOrEmpty(m.Topic))
            return Task.CompletedTask;
        var message = new InboundMessage(m.Topic, MqttPayload.AsArray(m.Payload), (int)m.QualityOfServiceLevel, m.Retain, args.ClientId,
            ForDevices: args.ClientId != GatewayClientId, ForObservers: true);
        foreach (var handler in handlers)
            handler(in message);
        return Task.CompletedTask;
    }

    /// <summary>
    /// mosquitto_pub and many device SDKs connect with MQTT 3.1.1, an empty client id and a clean
    /// session, which the specification allows and answers with a server-assigned id. MQTTnet
    /// assigns ids only for MQTT 5 and refuses the rest, so the id is written into the CONNECT
    /// packet here, before MQTTnet checks it.
    /// </summary>
    private static Task AssignMissingClientId(ValidatingConnectionEventArgs args)
    {
        if (string.IsNullOrEmpty(args.ClientId) && args.CleanSession != false)
        {
            var id = $"auto-{Guid.NewGuid():N}";
            args.AssignedClientIdentifier = id;
            ConnectPacket(args).ClientId = id;
        }
        return Task.CompletedTask;
    }

    // MQTTnet keeps the CONNECT packet private to its event args; this reads that field without reflection.
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_connectPacket")]
    private static extern ref MQTTnet.Packets.MqttConnectPacket ConnectPacket(ValidatingConnectionEventArgs args);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _server.Dispose();
    }
}
