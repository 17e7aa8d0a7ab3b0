using System.Diagnostics.Metrics;
using Gateway.Mqtt.Listeners;
using Microsoft.Extensions.Logging;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using MQTTnet.Server.Internal;

namespace Gateway.Mqtt.Sessions;

/// <summary>
/// The embedded broker's sessions as MQTT clients expect them, on MQTTnet's events: persistent
/// sessions bounded in number (<see cref="SessionLimits.MaxPersistent"/>) and expiring when their
/// client has been away as long as it asked (at most <see cref="SessionLimits.MaxExpiry"/>), with
/// only QoS 1 and 2 messages (never QoS 0) kept for an absent client; the CONNACK's own limits (session expiry when
/// capped, Maximum Packet Size, Topic Alias Maximum); and each MQTT 5 connection's Receive Maximum
/// and Maximum Packet Size (<see cref="DeliveryWindow"/>). Sessions live in memory only.
/// </summary>
internal sealed class BrokerSessions(SessionLimits limits, InputLimits input, int maxQueued, DeliveryEvents deliveries, ILogger log) : IAsyncDisposable
{
    private static readonly Counter<long> Ended = MqttMetrics.Meter.CreateCounter<long>("gateway.mqtt.sessions.ended",
        description: "Persistent sessions the broker ended, by reason: expired (their client away past their expiry) or evicted (for a new one past max-persistent)");
    private static readonly Counter<long> Refused = MqttMetrics.Meter.CreateCounter<long>("gateway.mqtt.sessions.refused",
        description: "CONNECTs asking for a persistent session refused: max-persistent reached with every such client connected");

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly SessionRegistry _registry = new(limits);
    private readonly CancellationTokenSource _stopping = new();
    private MqttServer? _server;
    private Task _sweeper = Task.CompletedTask;

    /// <summary>Attaches to the server's events; the gate's connection check must be attached before, so this sees only clients it let in.</summary>
    public void Attach(MqttServer server)
    {
        _server = server;
        server.ValidatingConnectionAsync += AdmitAsync;
        server.ClientConnectedAsync += ConnectedAsync;
        server.ClientDisconnectedAsync += Disconnected;
        server.InterceptingOutboundPacketAsync += Outbound;
        server.ClientAcknowledgedPublishPacketAsync += Acknowledged;
        server.InterceptingClientEnqueueAsync += Enqueueing;
        server.QueuedApplicationMessageOverwrittenAsync += Overwritten;
    }

    public void Start() => _sweeper = SweepAsync(_stopping.Token);

    private async Task AdmitAsync(ValidatingConnectionEventArgs args)
    {
        var packet = MqttnetInternals.ConnectPacket(args);
        // Refused by the gate already, or by MQTTnet next (an empty id without a clean session).
        if (args.ReasonCode != MqttConnectReasonCode.Success || string.IsNullOrEmpty(packet.ClientId))
            return;
        var v5 = args.ProtocolVersion == MqttProtocolVersion.V500;
        var requested = v5 ? packet.SessionExpiryInterval : 0;
        var expiry = SessionExpiry.Of(args.ProtocolVersion, packet.CleanSession, requested, limits.MaxExpirySeconds);
        while (true)
        {
            var admission = _registry.Admit(packet.ClientId, expiry, v5 ? requested : expiry, Environment.TickCount64);
            switch (admission.Kind)
            {
                case AdmissionKind.Accepted:
                    // MQTTnet would expire a session by the CONNECT that made it, not by the latest
                    // one; the registry expires them, so MQTTnet only learns whether to keep it.
                    if (v5)
                        packet.SessionExpiryInterval = expiry == 0 ? 0 : uint.MaxValue;
                    return;
                case AdmissionKind.Refused:
                    Refused.Add(1);
                    args.ReasonCode = v5 ? MqttConnectReasonCode.QuotaExceeded : MqttConnectReasonCode.ServerUnavailable;
                    args.ReasonString = $"{limits.MaxPersistent} persistent sessions are kept and all their clients are connected (gateway.mqtt.sessions.max-persistent)";
                    log.LogWarning("Client '{ClientId}' asked for a persistent session and was refused: {Reason}", packet.ClientId, args.ReasonString);
                    return;
                case AdmissionKind.WaitFor:
                    await admission.Wait!.ConfigureAwait(false);
                    break;
                default:
                    await EndAsync(admission.Delete!, admission.Kind == AdmissionKind.Evict ? "evicted" : "expired").ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task ConnectedAsync(ClientConnectedEventArgs args)
    {
        var packet = MqttnetInternals.ConnectPacket(args);
        var session = await SessionAsync(args.ClientId).ConfigureAwait(false);
        _registry.Connected(args.ClientId, packet, args.ProtocolVersion, session);
        // Session items outlive a connection in a persistent session; the window is this connection's.
        if (DeliveryWindow.For(args.ClientId, args.ProtocolVersion, packet, session, maxQueued, deliveries) is { } window)
            args.SessionItems[DeliveryWindow.SessionKey] = window;
        else
            args.SessionItems.Remove(DeliveryWindow.SessionKey);
    }

    private Task Disconnected(ClientDisconnectedEventArgs args)
    {
        if (args.DisconnectType == MqttClientDisconnectType.Takeover)
            return Task.CompletedTask;
        if (_registry.Disconnected(args.ClientId, MqttnetInternals.ConnectPacket(args), args.SessionExpiryInterval, Environment.TickCount64) is { } expiry)
            log.LogDebug("Client '{ClientId}' is away; its persistent session is kept for {Expiry} s", args.ClientId, expiry);
        return Task.CompletedTask;
    }

    private Task Outbound(InterceptingPacketEventArgs args)
    {
        if (args.Packet is MqttConnAckPacket { ReasonCode: MqttConnectReasonCode.Success } connAck)
        {
            connAck.MaximumPacketSize = (uint)input.MaxPacketBytes;
            connAck.TopicAliasMaximum = input.TopicAliasMaximum;
            if (_registry.TakeCappedExpiry(args.ClientId) is { } expiry)
                connAck.SessionExpiryInterval = expiry;
        }
        else
            DeliveryWindow.Of(args.SessionItems)?.Intercept(args);
        return Task.CompletedTask;
    }

    private Task Acknowledged(ClientAcknowledgedPublishPacketEventArgs args)
    {
        if (args.IsCompleted)
            DeliveryWindow.Of(args.SessionItems)?.Acknowledged();
        return Task.CompletedTask;
    }

    /// <summary>A QoS 0 message is not kept for a client that is away (MQTTnet would queue it, then drop it when the client is back).</summary>
    private Task Enqueueing(InterceptingClientApplicationMessageEnqueueEventArgs args)
    {
        if (args.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce && _registry.IsAway(args.ReceiverClientId))
            args.AcceptEnqueue = false;
        return Task.CompletedTask;
    }

    /// <summary>
    /// MQTTnet dropped the oldest queued packet of a full queue: counted as a slow subscriber's. It
    /// keeps a QoS 1 or 2 one in the session's list of unacknowledged packets, which would grow without
    /// bound and send it again after a reconnect; it is taken out of the list too.
    /// </summary>
    private Task Overwritten(QueueMessageOverwrittenEventArgs args)
    {
        deliveries.Overflowed(args.ReceiverClientId);
        if (args.Packet is MqttPublishPacket { QualityOfServiceLevel: > MqttQualityOfServiceLevel.AtMostOnce } publish)
            _registry.SessionOf(args.ReceiverClientId)?.AcknowledgePublishPacket(publish.PacketIdentifier);
        return Task.CompletedTask;
    }

    private async Task SweepAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(SweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
                if (_registry.Expired(Environment.TickCount64) is { } expired)
                    foreach (var clientId in expired)
                        await EndAsync(clientId, "expired").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Deletes a session in MQTTnet (its subscriptions and queued messages) and tells the registry.</summary>
    private async Task EndAsync(string clientId, string reason)
    {
        try
        {
            if (await SessionStatusAsync(clientId).ConfigureAwait(false) is { } status)
                await status.DeleteAsync().ConfigureAwait(false);
            Ended.Add(1, new KeyValuePair<string, object?>("reason", reason));
            log.LogInformation("The persistent session of client '{ClientId}' ended ({Reason}); its subscriptions and queued messages are gone", clientId, reason);
        }
        catch (Exception e)
        {
            log.LogError(e, "Ending the session of client '{ClientId}' ({Reason}) failed", clientId, reason);
        }
        finally
        {
            _registry.Deleted(clientId);
        }
    }

    private async Task<MqttSession?> SessionAsync(string clientId) =>
        await SessionStatusAsync(clientId).ConfigureAwait(false) is { } status ? MqttnetInternals.Session(status) : null;

    private async Task<MqttSessionStatus?> SessionStatusAsync(string clientId)
    {
        try
        {
            return await _server!.GetSessionAsync(clientId).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // No session by that id (any more), or the server has stopped.
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _sweeper;
        _stopping.Dispose();
    }
}
