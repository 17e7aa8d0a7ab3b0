using MQTTnet.Formatter;
using MQTTnet.Internal;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using MQTTnet.Server.Internal;

namespace Gateway.Mqtt.Sessions;

/// <summary>
/// What one MQTT 5 connection said it can take, held to on everything the broker sends it, which
/// MQTTnet does not do: at most its Receive Maximum of QoS 1 and 2 PUBLISH packets unacknowledged
/// at once (MQTT-3.3.4-9), and no packet larger than its Maximum Packet Size (MQTT-3.1.2-24).
/// </summary>
/// <remarks>
/// MQTTnet's send loop asks the outbound interceptor about each packet in turn. A PUBLISH past the
/// window is held here instead of sent (waiting in the loop would hold back the PUBACKs and
/// PINGRESPs behind it), in order, and each acknowledgement releases the oldest held one into the
/// session's control queue, which the loop sends next; until the held ones are out, later ones
/// queue behind them. Held packets stay in MQTTnet's list of unacknowledged ones, so a reconnect
/// sends them again like any other. What is held counts against
/// <c>max-pending-messages-per-client</c> with the session's queue: past it the oldest held is dropped.
/// </remarks>
internal sealed class DeliveryWindow
{
    public const string SessionKey = "gateway.window";

    private readonly Lock _lock = new();
    private readonly Queue<MqttPublishPacket> _held = new();
    private readonly Queue<MqttPublishPacket> _released = new();
    private readonly string _clientId;
    private readonly MqttSession _session;
    private readonly int _receiveMaximum;
    private readonly uint _maximumPacketSize;
    private readonly int _maxQueued;
    private readonly DeliveryEvents _events;
    private readonly MqttPacketFormatterAdapter? _sizer;
    private int _inFlight;

    private DeliveryWindow(string clientId, MqttSession session, int receiveMaximum, uint maximumPacketSize, int maxQueued, DeliveryEvents events)
    {
        _clientId = clientId;
        _session = session;
        _receiveMaximum = receiveMaximum;
        _maximumPacketSize = maximumPacketSize;
        _maxQueued = maxQueued;
        _events = events;
        // Measures packets exactly as MQTTnet will encode them; the payload is not copied.
        if (maximumPacketSize > 0)
            _sizer = new MqttPacketFormatterAdapter(MqttProtocolVersion.V500, new MqttBufferWriter(4096, 65535));
    }

    /// <summary>
    /// The window of an MQTT 5 connection that set a Receive Maximum below MQTT's 65,535 or a
    /// Maximum Packet Size; null for any other, whose packets then pass with one lookup.
    /// </summary>
    public static DeliveryWindow? For(string clientId, MqttProtocolVersion version, MqttConnectPacket connect, MqttSession? session, int maxQueued, DeliveryEvents events)
    {
        if (version != MqttProtocolVersion.V500 || session is null)
            return null;
        var receiveMaximum = connect.ReceiveMaximum is 0 or ushort.MaxValue ? 0 : connect.ReceiveMaximum;
        return receiveMaximum == 0 && connect.MaximumPacketSize == 0
            ? null
            : new DeliveryWindow(clientId, session, receiveMaximum, connect.MaximumPacketSize, maxQueued, events);
    }

    public static DeliveryWindow? Of(System.Collections.IDictionary? sessionItems) => sessionItems?[SessionKey] as DeliveryWindow;

    /// <summary>Called by the outbound interceptor for each packet; sets <c>ProcessPacket</c> false for one not to be sent now.</summary>
    public void Intercept(InterceptingPacketEventArgs args)
    {
        switch (args.Packet)
        {
            case MqttPublishPacket publish:
                Intercept(args, publish);
                break;
            // An acknowledgement's reason string and user properties are left out when they would
            // make it larger than the client takes (MQTT-3.4.2-2 and the like); its reason code stays.
            case MqttPubAckPacket a when MustTrim(a, a.ReasonString, a.UserProperties):
                (a.ReasonString, a.UserProperties) = (null, null);
                break;
            case MqttPubRecPacket r when MustTrim(r, r.ReasonString, r.UserProperties):
                (r.ReasonString, r.UserProperties) = (null, null);
                break;
            case MqttSubAckPacket a when MustTrim(a, a.ReasonString, a.UserProperties):
                (a.ReasonString, a.UserProperties) = (null, null);
                break;
            case MqttUnsubAckPacket a when MustTrim(a, a.ReasonString, a.UserProperties):
                (a.ReasonString, a.UserProperties) = (null, null);
                break;
            case MqttDisconnectPacket d when MustTrim(d, d.ReasonString, d.UserProperties):
                (d.ReasonString, d.UserProperties) = (null, null);
                break;
        }
    }

    // Most acknowledgements carry neither (a plain PUBACK): nothing to leave out, so not measured.
    private bool MustTrim(MqttPacket packet, string? reason, List<MqttUserProperty>? properties) =>
        _sizer is not null && (reason is not null || properties is { Count: > 0 }) && Size(packet) > _maximumPacketSize;

    /// <summary>The client acknowledged a QoS 1 or 2 PUBLISH (PUBACK or PUBCOMP): the oldest held one, if any, goes out.</summary>
    public void Acknowledged()
    {
        lock (_lock)
        {
            if (_inFlight > 0)
                _inFlight--;
            while (_held.Count > 0 && _inFlight < _receiveMaximum)
            {
                var next = _held.Dequeue();
                _inFlight++;
                _released.Enqueue(next);
                _session.EnqueueControlPacket(new MqttPacketBusItem(next));
            }
        }
    }

    private void Intercept(InterceptingPacketEventArgs args, MqttPublishPacket publish)
    {
        if (_sizer is not null && Size(publish) is var size && size > _maximumPacketSize)
        {
            // MQTT-3.1.2-25: discarded unsent, as if delivered, so it leaves the unacknowledged list too.
            args.ProcessPacket = false;
            if (publish.QualityOfServiceLevel > MqttQualityOfServiceLevel.AtMostOnce)
                _session.AcknowledgePublishPacket(publish.PacketIdentifier);
            _events.TooLarge(_clientId, publish.Topic, size, _maximumPacketSize);
            return;
        }
        if (_receiveMaximum == 0 || publish.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce)
            return;
        lock (_lock)
        {
            if (_released.TryPeek(out var released) && ReferenceEquals(released, publish))
            {
                _released.Dequeue();
                return;
            }
            if (_inFlight < _receiveMaximum && _held.Count == 0 && _released.Count == 0)
            {
                _inFlight++;
                return;
            }
            args.ProcessPacket = false;
            if (_held.Count > 0 && _held.Count + _session.PendingDataPacketsCount >= _maxQueued)
            {
                _session.AcknowledgePublishPacket(_held.Dequeue().PacketIdentifier);
                _events.Overflowed(_clientId);
            }
            _held.Enqueue(publish);
        }
    }

    private long Size(MqttPacket packet)
    {
        try
        {
            return _sizer!.Encode(packet).Length;
        }
        finally
        {
            _sizer!.Cleanup();
        }
    }
}
