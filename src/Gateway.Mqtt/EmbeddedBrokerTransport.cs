using Gateway.Mqtt.Listeners;
using Gateway.Mqtt.Security;
using Gateway.Mqtt.Sessions;
using Gateway.Protocols.Outbound;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.AspNetCore;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Gateway.Mqtt;

/// <summary>
/// The MQTTnet broker inside the gateway, for one node. Devices connect to it directly, through
/// the host's Kestrel listeners (<see cref="BrokerListeners"/>); its interceptors check each
/// client's login, topics and rate, and the publish interceptor hands every message it accepts
/// (devices', other clients', the gateway's own) to the attached handlers, so every message is
/// also one for the HTTP subscriptions.
/// </summary>
public sealed class EmbeddedBrokerTransport : IMqttTransport, IAsyncDisposable
{
    /// <summary>The client id the gateway's own publications carry, so they are never ingested.</summary>
    public const string GatewayClientId = "gateway";

    /// <summary>The client id publications for HTTP clients carry: not the gateway's, so they are routed to device actors.</summary>
    public const string HttpClientId = "gateway-http";

    private static readonly MqttServerStopOptions ShuttingDown = new()
    {
        DefaultClientDisconnectOptions = new MqttServerClientDisconnectOptions
        {
            ReasonCode = MqttDisconnectReasonCode.ServerShuttingDown,
            ReasonString = "the gateway is shutting down",
        },
    };

    private readonly MqttServer _server;
    private readonly MqttConnectionHandler _connections = new();
    private readonly BrokerGate _gate;
    private readonly BrokerSessions _sessions;
    private readonly ILogger<EmbeddedBrokerTransport> _log;
    private InboundHandler[] _handlers = [];

    /// <param name="mqttnetLog">The category MQTTnet's own log goes to (<see cref="MqttnetLog"/>).</param>
    public EmbeddedBrokerTransport(EmbeddedBrokerSettings settings, PasswordFile? passwords, AccessPolicy? policy, SecurityEvents events, ILogger<EmbeddedBrokerTransport> log,
        ILogger mqttnetLog)
    {
        Settings = settings;
        _log = log;
        Guard = new ListenerGuard(settings.Limits, events, (clientId, reason, text) =>
            _server!.DisconnectClientAsync(clientId, new MqttServerClientDisconnectOptions { ReasonCode = reason, ReasonString = text }));
        var options = new MqttServerOptionsBuilder()
            .WithMaxPendingMessagesPerClient(settings.MaxPendingMessagesPerClient)
            .WithDefaultCommunicationTimeout(settings.Limits.ConnectTimeout)
            .WithPersistentSessions()
            .Build();
        // Kestrel's connections are MQTTnet's only adapter: no listener of MQTTnet's own opens.
        _server = new MqttServerFactory(new MqttnetLog(mqttnetLog)).CreateMqttServer(options, [_connections]);
        _gate = new BrokerGate(settings.Limits, events, new HashSet<string> { GatewayClientId, HttpClientId }, passwords, policy);
        _server.ValidatingConnectionAsync += ValidateConnection;
        _server.InterceptingPublishAsync += OnPublish;
        _server.InterceptingSubscriptionAsync += OnSubscribe;
        if (policy is not null)
            _server.InterceptingClientEnqueueAsync += args =>
            {
                _gate.Check(args);
                return Task.CompletedTask;
            };
        _server.ClientDisconnectedAsync += args =>
        {
            // A client taken over leaves after its successor connected with the same id.
            if (args.DisconnectType != MqttClientDisconnectType.Takeover)
                _gate.Disconnected(args.ClientId);
            return Task.CompletedTask;
        };
        _server.ClientConnectedAsync += args =>
        {
            _gate.Connected(MqttnetInternals.ConnectPacket(args), args.SessionItems);
            return Task.CompletedTask;
        };
        // After the gate's handlers, so that it sees only the clients the gate let in.
        _sessions = new BrokerSessions(settings.Sessions, settings.Limits, settings.MaxPendingMessagesPerClient, new DeliveryEvents(settings.MaxPendingMessagesPerClient, log), log);
        _sessions.Attach(_server);
    }

    public EmbeddedBrokerSettings Settings { get; }

    /// <summary>The connection middleware in front of MQTTnet on every listener.</summary>
    public ListenerGuard Guard { get; }

    public string Mode => "embedded";

    public string Endpoint => string.Join(" and ", Listeners());

    private IEnumerable<string> Listeners()
    {
        if (Settings.PlainListener)
            yield return $"{Settings.Bind}:{Settings.Port}";
        if (Settings.Tls is { } tls)
            yield return $"{Settings.Bind}:{tls.Port} (TLS{(tls.RequireClientCertificate ? ", client certificate required" : tls.ClientCa is null ? "" : ", client certificates accepted")})";
    }

    public TransportStatus Status => _server.IsStarted ? new(true, $"listening on {Endpoint}") : new(false, "not listening");

    public string ClientPublisherId => HttpClientId;

    public void Attach(InboundHandler handler) => Handlers.Add(ref _handlers, handler);

    public void Detach(InboundHandler handler) => Handlers.Remove(ref _handlers, handler);

    public async Task StartAsync(CancellationToken ct)
    {
        await _server.StartAsync();
        _sessions.Start();
    }

    /// <summary>Kestrel hands each connection here; before the broker starts (or once it stopped) it is closed at once.</summary>
    public Task AcceptAsync(ConnectionContext connection)
    {
        if (_server.IsStarted)
            return _connections.OnConnectedAsync(connection);
        connection.Abort(new ConnectionAbortedException("the MQTT broker is not running"));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Closes every client's connection; an MQTT 5 client is told why first (DISCONNECT 0x8B,
    /// server shutting down), so it knows to reconnect, to another node in a cluster.
    /// </summary>
    public Task StopAsync(CancellationToken ct) => _server.IsStarted ? _server.StopAsync(ShuttingDown) : Task.CompletedTask;

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

    /// <summary>
    /// Hands the accepted message to every handler. A client's publication passes the gate first;
    /// the gateway's own are its to make. MQTTnet sends the PUBACK, and passes the message to the
    /// subscribers, when this completes: at once, except for a QoS 1 device message, which waits
    /// for its journal write (that client's next packet waits with it; other clients do not).
    /// </summary>
    private Task OnPublish(InterceptingPublishEventArgs args)
    {
        var handlers = Volatile.Read(ref _handlers);
        var m = args.ApplicationMessage;
        // A publication refused before us (an unknown topic alias) never reaches a subscriber.
        if (!args.ProcessPublish || string.IsNullOrEmpty(m.Topic))
            return Task.CompletedTask;
        var fromGateway = args.ClientId is GatewayClientId or HttpClientId;
        if (!fromGateway && !_gate.Admit(args))
            return Task.CompletedTask;
        if (handlers.Length == 0)
            return Task.CompletedTask;
        var message = new InboundMessage(m.Topic, MqttPayload.AsArray(m.Payload), (int)m.QualityOfServiceLevel, m.Retain, args.ClientId,
            ForDevices: args.ClientId != GatewayClientId, ForObservers: true);
        var receipt = Handlers.Deliver(handlers, in message);
        if (!receipt.IsCompletedSuccessfully)
            return AnswerAsync(args, receipt);
        Answer(args, receipt.Result);
        return Task.CompletedTask;
    }

    private static async Task AnswerAsync(InterceptingPublishEventArgs args, ValueTask<Receipt> receipt) => Answer(args, await receipt);

    private static void Answer(InterceptingPublishEventArgs args, Receipt receipt)
    {
        if (receipt.IsTaken)
            return;
        args.ProcessPublish = false;
        if (receipt.Refused)
        {
            // A command the gateway refused never reaches its device; sending it again would not help.
            args.Response.ReasonCode = MqttPubAckReasonCode.PayloadFormatInvalid;
            args.Response.ReasonString = receipt.NotTakenBecause;
            return;
        }
        // Not journaled, so nothing is said about it: no subscriber gets it until the device sends it again.
        args.Response.ReasonCode = receipt.Overloaded ? MqttPubAckReasonCode.QuotaExceeded : MqttPubAckReasonCode.UnspecifiedError;
        args.Response.ReasonString = receipt.NotTakenBecause;
        // MQTT 3.1.1 has no failed PUBACK: its sender learns only by not getting one, and sends the
        // message again once it reconnects.
        args.CloseConnection = BrokerClient.Of(args.SessionItems) is { Mqtt5: false };
    }

    private Task OnSubscribe(InterceptingSubscriptionEventArgs args)
    {
        _gate.Check(args);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Gives a missing client id one, then checks the CONNECT (<see cref="BrokerGate"/>): mosquitto_pub
    /// and many device SDKs connect with MQTT 3.1.1, an empty client id and a clean session, which
    /// the specification allows and answers with a server-assigned id. MQTTnet assigns ids only for
    /// MQTT 5 and refuses the rest, so the id is written into the CONNECT packet here, before MQTTnet checks it.
    /// </summary>
    private Task ValidateConnection(ValidatingConnectionEventArgs args)
    {
        // First, so that MQTTnet's own check of the id cannot replace a refusal's reason code.
        if (string.IsNullOrEmpty(args.ClientId) && args.CleanSession != false)
        {
            var id = $"auto-{Guid.NewGuid():N}";
            args.AssignedClientIdentifier = id;
            MqttnetInternals.ConnectPacket(args).ClientId = id;
        }
        _gate.Validate(args, MqttnetInternals.ConnectPacket(args));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _sessions.DisposeAsync();
        _server.Dispose();
    }
}
