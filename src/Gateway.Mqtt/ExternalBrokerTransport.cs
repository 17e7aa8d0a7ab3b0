using Gateway.Protocols.Outbound;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Gateway.Mqtt;

/// <summary>
/// The gateway as an MQTT 5 client of an external broker (mosquitto, EMQX, HiveMQ, ...), for one
/// node or a cluster. Each node subscribes to the device families' filters as shared subscriptions
/// (<c>$share/{group}/{filter}</c>), so the broker hands every device message to exactly one node;
/// HTTP subscriptions (<c>/mqtt/*</c>) are plain subscriptions of their own, told apart from the
/// device ones by their subscription identifier, so a message both match is still ingested once.
/// The connection is kept by a background loop: connect, subscribe, wait for the loss, back off
/// (doubling up to a cap), again; a broker that is down never stops the gateway, it keeps it unready.
/// </summary>
public sealed class ExternalBrokerTransport : IMqttTransport, IAsyncDisposable
{
    /// <summary>The user property every gateway publication carries (the node's client id), so no node ingests it.</summary>
    public const string NodeProperty = "gateway-node";

    private const uint DeviceSubscription = 1;
    private const uint ObserverSubscription = 2;
    private const int MaxInFlight = ushort.MaxValue;

    private readonly ExternalBrokerSettings _settings;
    private readonly IReadOnlyList<string> _deviceFilters;
    private readonly ILogger<ExternalBrokerTransport> _log;
    private readonly IMqttClient _client;
    private readonly List<MqttUserProperty> _mark;
    private readonly PublishDrops _drops;
    private readonly Lock _observedGate = new();
    private readonly Dictionary<string, int> _observed = new(StringComparer.Ordinal);
    private InboundHandler[] _handlers = [];
    private volatile TransportStatus _status;
    private volatile Session? _session;
    private TaskCompletionSource<string>? _lost;
    private CancellationTokenSource? _stop;
    private Task _loop = Task.CompletedTask;
    private Task _acknowledgements = Task.CompletedTask;

    public ExternalBrokerTransport(ExternalBrokerSettings settings, IReadOnlyList<string> deviceFilters, ILogger<ExternalBrokerTransport> log)
    {
        _settings = settings;
        _deviceFilters = deviceFilters;
        _log = log;
        _mark = [new MqttUserProperty(NodeProperty, System.Text.Encoding.UTF8.GetBytes(settings.ClientId).AsMemory())];
        _drops = new PublishDrops(log, TimeSpan.FromSeconds(10));
        _status = new TransportStatus(false, $"connecting to {settings.Broker}");
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnReceived;
        _client.DisconnectedAsync += OnDisconnected;
    }

    public string Mode => "external";

    public string Endpoint => _settings.Broker.ToString();

    public TransportStatus Status => _status;

    public string ClientPublisherId => _settings.ClientId;

    public void Attach(InboundHandler handler) => Handlers.Add(ref _handlers, handler);

    public void Detach(InboundHandler handler) => Handlers.Remove(ref _handlers, handler);

    public Task StartAsync(CancellationToken ct)
    {
        if (!_settings.Mqtt5)
            _log.LogWarning("MQTT 3.1.1 to {Broker}: no shared subscriptions, so every node would ingest every device message; run one node only", _settings.Broker);
        _stop = new CancellationTokenSource();
        _loop = Task.Run(() => KeepConnectedAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _stop, null) is not { } stop)
            return;
        await stop.CancelAsync();
        await _loop;
        stop.Dispose();
        _session = null;
        await DisconnectQuietlyAsync();
        _status = new TransportStatus(false, $"stopped (was {_settings.Broker})");
        _log.LogInformation("Disconnected from the MQTT broker {Broker}", _settings.Broker);
    }

    /// <summary>
    /// Hands the publication to the connection and returns: MQTTnet writes packets in the order they
    /// are handed over, and the PUBACK is tracked on the side. A retained QoS 1 publication (a
    /// command, the clearing of one) is waited for to its PUBACK, so the pair can never be reordered
    /// even across a reconnect; they are rare. While disconnected, publications are dropped and counted.
    /// </summary>
    public Task PublishAsync(MqttPublish publish)
    {
        if (_session is not { } session)
        {
            _drops.Add(publish.Topic, $"not connected to {_settings.Broker}");
            return Task.CompletedTask;
        }
        var waitForAck = publish.Retain && publish.AtLeastOnce;
        if (publish.AtLeastOnce && !session.Window.Wait(0))
            return SendWhenWindowOpensAsync(publish, session);
        var sending = Send(publish, session, marked: true);
        return waitForAck ? sending : Task.CompletedTask;
    }

    /// <summary>An MQTT broker has no other way to drop a retained message: subscribers receive the empty message too (a device ignores it).</summary>
    public Task ClearRetainedAsync(string topic) => PublishAsync(MqttPublish.ClearRetained(topic));

    public async Task PublishForClientAsync(MqttPublish publish)
    {
        if (_session is not { } session)
            throw new TransportUnavailableException($"Not connected to the MQTT broker {_settings.Broker}");
        MqttClientPublishResult result;
        try
        {
            result = await _client.PublishAsync(Message(publish, session, marked: false), CancellationToken.None);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            throw new TransportUnavailableException($"The MQTT broker {_settings.Broker} did not take the message: {Reason(e)}", e);
        }
        if (!Accepted(result))
            throw new TransportUnavailableException($"The MQTT broker {_settings.Broker} refused the message: {result.ReasonCode} {result.ReasonString}".TrimEnd());
    }

    /// <summary>
    /// The first HTTP subscription to a filter subscribes this node to it (not shared: every node's
    /// HTTP subscribers see every message); the SUBSCRIBE is handed to the connection under the lock,
    /// so a subscribe and an unsubscribe of one filter reach the broker in the order they were decided.
    /// </summary>
    public Task<string?> ObserveAsync(string filter)
    {
        lock (_observedGate)
        {
            var count = _observed.GetValueOrDefault(filter) + 1;
            _observed[filter] = count;
            // Not connected: the next connection subscribes it. No subscription identifiers: see Session.ObserversSubscribed.
            if (count > 1 || _session is not { ObserversSubscribed: true })
                return Task.FromResult<string?>(null);
            return SubscribeObserversAsync([filter]);
        }
    }

    public void StopObserving(string filter)
    {
        lock (_observedGate)
        {
            if (!_observed.TryGetValue(filter, out var count))
                return;
            if (count > 1)
            {
                _observed[filter] = count - 1;
                return;
            }
            _observed.Remove(filter);
            if (_session is { ObserversSubscribed: true })
                _ = UnsubscribeObserverAsync(filter);
        }
    }

    private async Task KeepConnectedAsync(CancellationToken stop)
    {
        var version = _settings.Mqtt5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311;
        var delay = _settings.ReconnectBackoff;
        var failures = 0;
        var connectedBefore = false;
        string? lastFailure = null;
        while (!stop.IsCancellationRequested)
        {
            string failure;
            try
            {
                var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _lost, lost);
                var result = await _client.ConnectAsync(ExternalClientOptions.Build(_settings, version), stop);
                if (result.ResultCode == MqttClientConnectResultCode.UnsupportedProtocolVersion && version == MqttProtocolVersion.V500)
                {
                    _log.LogWarning("The MQTT broker {Broker} refused MQTT 5; falling back to MQTT 3.1.1 with plain subscriptions, which every node would receive: run one node only", _settings.Broker);
                    version = MqttProtocolVersion.V311;
                    continue;
                }
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                    throw new TransportUnavailableException($"connection refused: {result.ResultCode} {result.ReasonString}".TrimEnd());

                await SubscribeAsync(result, version, stop);
                _status = new TransportStatus(true, $"connected to {_settings.Broker}");
                if (connectedBefore || failures > 0)
                    _log.LogInformation("Connected to the MQTT broker {Broker} again after {Failures} failed attempt(s); subscriptions made again", _settings.Broker, failures);
                else
                    _log.LogInformation("Connected to the MQTT broker {Settings}", _settings);
                connectedBefore = true;
                delay = _settings.ReconnectBackoff;
                failures = 0;
                lastFailure = null;

                failure = await lost.Task.WaitAsync(stop);
                _log.LogWarning("Disconnected from the MQTT broker {Broker}: {Reason}; reconnecting", _settings.Broker, failure);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                failure = Reason(e);
                _session = null;
                // Connected but not subscribed (a refused filter): drop the connection and start over.
                await DisconnectQuietlyAsync();
                if (failure != lastFailure)
                    _log.LogWarning("Cannot connect to the MQTT broker {Broker}: {Reason}; retrying with a backoff from {Min} to {Max}",
                        _settings.Broker, failure, Seconds(_settings.ReconnectBackoff), Seconds(_settings.ReconnectBackoffMax));
                lastFailure = failure;
            }
            failures++;
            _status = new TransportStatus(false, $"disconnected from {_settings.Broker}: {failure}, retrying in {Seconds(delay)}");
            try
            {
                await Task.Delay(delay, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.ReconnectBackoffMax.Ticks));
        }
    }

    /// <summary>
    /// The device filters, shared where the broker supports it (a broker that does not, and MQTT
    /// 3.1.1, get plain ones: one node only). Every device filter must be granted, or the node would
    /// silently miss a family; then the HTTP subscriptions' filters, if the broker can tell them apart.
    /// </summary>
    private async Task SubscribeAsync(MqttClientConnectResult connected, MqttProtocolVersion version, CancellationToken stop)
    {
        var mqtt5 = version == MqttProtocolVersion.V500;
        var shared = mqtt5 && connected.SharedSubscriptionAvailable;
        var identifiers = mqtt5 && connected.SubscriptionIdentifiersAvailable;
        if (mqtt5 && !shared)
            _log.LogWarning("The MQTT broker {Broker} has no shared subscriptions: every node would ingest every device message; run one node only", _settings.Broker);
        if (!identifiers)
            _log.LogWarning("The MQTT broker {Broker} has no subscription identifiers{Version}: HTTP subscriptions (/mqtt/*) see only the device messages this node ingests",
                _settings.Broker, mqtt5 ? "" : " (MQTT 3.1.1)");
        var window = new SemaphoreSlim(Math.Min((int?)connected.ReceiveMaximum ?? MaxInFlight, MaxInFlight));
        // Set before subscribing: messages start arriving with the first SUBACK.
        _session = new Session(mqtt5, identifiers, window);

        var devices = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in _deviceFilters)
            devices.WithTopicFilter(shared ? $"$share/{_settings.ShareGroup}/{filter}" : filter, MqttQualityOfServiceLevel.AtLeastOnce);
        if (identifiers)
            devices.WithSubscriptionIdentifier(DeviceSubscription);
        var granted = await _client.SubscribeAsync(devices.Build(), stop);
        var refused = granted.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToList();
        if (refused.Count > 0)
            throw new TransportUnavailableException($"the broker refused the device subscription{(refused.Count > 1 ? "s" : "")} {string.Join(", ", refused.Select(r => $"{r.TopicFilter.Topic} ({r.ResultCode})"))}");

        if (identifiers)
        {
            string[] observed;
            lock (_observedGate)
                observed = [.. _observed.Keys];
            if (observed.Length > 0 && await SubscribeObserversAsync(observed) is { } reason)
                _log.LogWarning("HTTP subscriptions: {Reason}", reason);
        }
    }

    private async Task<string?> SubscribeObserversAsync(string[] filters)
    {
        var options = new MqttClientSubscribeOptionsBuilder().WithSubscriptionIdentifier(ObserverSubscription);
        // As the embedded broker does for HTTP subscriptions: retained messages are not replayed, and their flag is passed on as published.
        foreach (var filter in filters)
            options.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce, noLocal: false, retainAsPublished: true, MqttRetainHandling.DoNotSendOnSubscribe);
        try
        {
            var result = await _client.SubscribeAsync(options.Build(), CancellationToken.None);
            var refused = result.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToList();
            return refused.Count == 0 ? null : $"the broker refused {string.Join(", ", refused.Select(r => $"{r.TopicFilter.Topic} ({r.ResultCode})"))}";
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // The next connection subscribes it again.
            _log.LogDebug("Subscribing to {Filters} failed: {Reason}", string.Join(", ", filters), Reason(e));
            return null;
        }
    }

    private async Task UnsubscribeObserverAsync(string filter)
    {
        try
        {
            await _client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(filter).Build(), CancellationToken.None);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // Disconnected: the next connection does not subscribe it.
            _log.LogDebug("Unsubscribing from {Filter} failed: {Reason}", filter, Reason(e));
        }
    }

    private async Task SendWhenWindowOpensAsync(MqttPublish publish, Session session)
    {
        await session.Window.WaitAsync();
        await Send(publish, session, marked: true);
    }

    /// <summary>Sends with a slot of the in-flight window taken (QoS 1); completes with the PUBACK, never faults.</summary>
    private Task Send(MqttPublish publish, Session session, bool marked)
    {
        Task<MqttClientPublishResult> sending;
        try
        {
            sending = _client.PublishAsync(Message(publish, session, marked), CancellationToken.None);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            Sent(publish, session, null, e);
            return Task.CompletedTask;
        }
        if (sending.IsCompletedSuccessfully)
        {
            Sent(publish, session, sending.Result, null);
            return Task.CompletedTask;
        }
        return sending.ContinueWith(
            (t, state) => Sent((MqttPublish)state!, session, t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException()),
            publish, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Sent(MqttPublish publish, Session session, MqttClientPublishResult? result, Exception? error)
    {
        if (publish.AtLeastOnce)
            session.Window.Release();
        if (error is not null)
            _drops.Add(publish.Topic, Reason(error));
        else if (result is not null && !Accepted(result))
            _drops.Add(publish.Topic, $"refused by the broker: {result.ReasonCode} {result.ReasonString}".TrimEnd());
    }

    /// <summary>MQTT 5 reason codes below 0x80 are successes; "no matching subscribers" (a device not connected) is one.</summary>
    private static bool Accepted(MqttClientPublishResult result) => (int)result.ReasonCode < 0x80;

    private MqttApplicationMessage Message(MqttPublish publish, Session session, bool marked)
    {
        var message = new MqttApplicationMessage
        {
            Topic = publish.Topic,
            PayloadSegment = MqttPayload.ToSegment(publish.Payload),
            Retain = publish.Retain,
            QualityOfServiceLevel = publish.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce,
        };
        // MQTT 3.1.1 has neither; MQTTnet refuses a 3.1.1 message that carries them.
        if (session.Mqtt5)
        {
            message.MessageExpiryInterval = publish.ExpirySeconds;
            if (marked)
                message.UserProperties = _mark;
        }
        return message;
    }

    /// <summary>
    /// Tells the handlers and returns. A QoS 1 device message is acknowledged to the broker once it
    /// is journaled, and the acknowledgements go out in the order the messages came, as MQTT asks.
    /// MQTTnet hands the messages over one at a time, so <see cref="_acknowledgements"/> needs no lock.
    /// </summary>
    private Task OnReceived(MqttApplicationMessageReceivedEventArgs e)
    {
        var handlers = Volatile.Read(ref _handlers);
        var m = e.ApplicationMessage;
        if (handlers.Length == 0 || _session is not { } session || string.IsNullOrEmpty(m.Topic))
            return Task.CompletedTask;
        bool forDevices, forObservers;
        if (session.ObserversSubscribed)
        {
            // One copy per matching subscription, or one copy naming them all: either way each part once.
            forDevices = m.SubscriptionIdentifiers?.Contains(DeviceSubscription) == true;
            forObservers = m.SubscriptionIdentifiers?.Contains(ObserverSubscription) == true;
        }
        else
        {
            // Only the device subscriptions exist.
            forDevices = forObservers = true;
        }
        if (forDevices && IsGatewayPublication(m))
            forDevices = false;
        if (!forDevices && !forObservers)
            return Task.CompletedTask;
        // The device subscriptions do not keep the retain flag as published, so through them a
        // message has it only when the broker replays a retained one to a new subscription; the
        // observers' keep it (and are never replayed to), so a copy for both cannot say.
        var replayed = m.Retain && !(session.ObserversSubscribed && forObservers);
        var message = new InboundMessage(m.Topic, MqttPayload.AsArray(m.Payload), (int)m.QualityOfServiceLevel, m.Retain, null, forDevices, forObservers, replayed);
        var receipt = Handlers.Deliver(handlers, in message);
        if (receipt.IsCompletedSuccessfully && _acknowledgements.IsCompleted)
        {
            // MQTTnet acknowledges it when this returns.
            Answer(e, receipt.Result);
            return Task.CompletedTask;
        }
        e.AutoAcknowledge = false;
        _acknowledgements = AcknowledgeAfterAsync(_acknowledgements, e, receipt);
        return Task.CompletedTask;
    }

    /// <summary>Never faults, so one message's failure cannot hold back the acknowledgements chained after it.</summary>
    private async Task AcknowledgeAfterAsync(Task earlier, MqttApplicationMessageReceivedEventArgs e, ValueTask<Receipt> receipt)
    {
        Receipt answer;
        try
        {
            answer = await receipt;
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Handing on the message on {Topic} failed", e.ApplicationMessage.Topic);
            answer = Receipt.NotTaken("the gateway failed to hand it on");
        }
        await earlier;
        Answer(e, answer);
        try
        {
            await e.AcknowledgeAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection was lost meanwhile; the broker no longer waits for this acknowledgement.
        }
    }

    /// <summary>
    /// A device message not journaled is acknowledged all the same, with MQTT 5's unspecified error:
    /// the device had its PUBACK from the broker already, and only a persistent session would make
    /// the broker send it again, while an unacknowledged one would hold one of the broker's
    /// in-flight slots for this connection (mosquitto allows 20) until it reconnects.
    /// </summary>
    private static void Answer(MqttApplicationMessageReceivedEventArgs e, Receipt receipt)
    {
        // A refused command reached its device from the broker all the same; the rejection topic tells it.
        if (receipt.IsTaken || receipt.Refused)
            return;
        e.ReasonCode = receipt.Overloaded ? MqttApplicationMessageReceivedReasonCode.QuotaExceeded : MqttApplicationMessageReceivedReasonCode.UnspecifiedError;
        e.ResponseReasonString = receipt.NotTakenBecause;
    }

    private static bool IsGatewayPublication(MqttApplicationMessage message)
    {
        if (message.UserProperties is not { Count: > 0 } properties)
            return false;
        foreach (var property in properties)
        {
            if (property.Name == NodeProperty)
                return true;
        }
        return false;
    }

    private Task OnDisconnected(MqttClientDisconnectedEventArgs e)
    {
        _session = null;
        if (e.ClientWasConnected)
            Volatile.Read(ref _lost)?.TrySetResult(e.Exception is { } error ? Reason(error)
                : string.IsNullOrEmpty(e.ReasonString) ? e.Reason.ToString() : $"{e.Reason}: {e.ReasonString}");
        return Task.CompletedTask;
    }

    private async Task DisconnectQuietlyAsync()
    {
        if (!_client.IsConnected)
            return;
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), CancellationToken.None);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // Gone already: nothing is left to close.
        }
    }

    /// <summary>The innermost message says what happened ("Connection refused"), the wrappers only where.</summary>
    private static string Reason(Exception e) => e.GetBaseException().Message.TrimEnd('.');

    private static string Seconds(TimeSpan t) => t < TimeSpan.FromSeconds(1) ? $"{t.TotalMilliseconds:0} ms" : $"{t.TotalSeconds:0.#} s";

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _client.Dispose();
    }

    /// <summary>
    /// One connection's terms: the protocol, whether HTTP subscriptions get broker subscriptions of
    /// their own (only with subscription identifiers, else their messages could not be told from
    /// device messages), and the in-flight window of QoS 1 publications the broker's Receive Maximum allows.
    /// </summary>
    private sealed record Session(bool Mqtt5, bool ObserversSubscribed, SemaphoreSlim Window);
}
