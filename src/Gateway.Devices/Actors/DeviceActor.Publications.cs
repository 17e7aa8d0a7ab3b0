namespace Gateway.Devices.Actors;

/// <summary>
/// What the device publishes: its retained state (coalesced per interval) and command lifecycles,
/// over MQTT, and to pub-sub as well while someone watches the device or its family.
/// </summary>
public sealed partial class DeviceActor
{
    /// <summary>Publishes the retained device view, at most once per configured interval.</summary>
    private void PublishState()
    {
        if (_stateThrottled)
        {
            _stateDirty = true;
            return;
        }
        PublishStateNow();
        if (_settings.StatePublishInterval > TimeSpan.Zero)
        {
            _stateThrottled = true;
            Timers.StartSingleTimer(nameof(PublishStateDue), PublishStateDue.Instance, _settings.StatePublishInterval);
        }
    }

    private void OnPublishStateDue()
    {
        _stateThrottled = false;
        if (!_stateDirty)
            return;
        _stateDirty = false;
        PublishState();
    }

    /// <summary>
    /// Writes the device view straight from the actor's state into a reused buffer (the same JSON
    /// as serializing <see cref="BuildView"/>, without building that object graph), so a state
    /// publication costs one array: the payload handed to the broker.
    /// </summary>
    private void PublishStateNow()
    {
        var scratch = JsonScratch.State;
        var w = scratch.Start();
        w.WriteStartObject();
        w.WriteString("kind"u8, _key.Kind);
        if (_key.Org is null)
            w.WriteNull("org"u8);
        else
            w.WriteString("org"u8, _key.Org);
        w.WriteString("id"u8, _key.Id);
        w.WriteBoolean("online"u8, _online);
        if (_lastSeen is { } seen)
            w.WriteString("last_seen"u8, seen);
        else
            w.WriteNull("last_seen"u8);
        w.WriteStartObject("shadow"u8);
        w.WritePropertyName("reported"u8);
        _reported.WriteTo(w);
        w.WritePropertyName("desired"u8);
        _desired.WriteTo(w);
        w.WritePropertyName("delta"u8);
        _desired.WriteDeltaTo(w, _reported);
        w.WriteNumber("version"u8, _version);
        w.WritePropertyName("metadata"u8);
        WriteMetadata(w);
        w.WriteEndObject();
        w.WriteStartArray("recent_events"u8);
        foreach (var e in _recentEvents)
        {
            w.WriteStartObject();
            w.WriteString("event"u8, e.Event);
            w.WriteString("received_at"u8, e.ReceivedAt);
            w.WritePropertyName("payload"u8);
            w.WriteRawValue(e.Payload.Span, skipInputValidation: true);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("recent_transcript"u8);
        foreach (var line in _recentTranscript)
            w.WriteRawValue(line.Span, skipInputValidation: true);
        w.WriteEndArray();
        w.WriteStartArray("pending_commands"u8);
        if (_commands.PendingCount > 0)
            foreach (var c in _commands.Pending)
                JsonSerializer.Serialize(w, c.ToView(_names), GatewayJsonContext.Default.CommandView);
        w.WriteEndArray();
        w.WriteStartArray("recent_rejections"u8);
        foreach (var r in _recentRejections)
        {
            w.WriteStartObject();
            w.WriteString("reason"u8, r.Reason);
            w.WriteString("topic"u8, r.Topic);
            w.WriteString("at"u8, r.At);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (_extension is null)
            w.WriteNull("extension"u8);
        else
        {
            w.WritePropertyName("extension"u8);
            WriteExtension(w);
        }
        w.WriteEndObject();
        Publish(new MqttPublish(_stateTopic, scratch.Written.ToArray(), Retain: true, AtLeastOnce: false));
        if (_context.Watchers is { } watchers && watchers.Watch(_entityId, _key.Kind))
            watchers.Publish(_entityId, _key.Kind, new DeviceChanged(_entityId, BuildView()));
    }

    private void WriteMetadata(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WritePropertyName("reported"u8);
        _reported.WriteMetadataTo(w);
        w.WritePropertyName("desired"u8);
        _desired.WriteMetadataTo(w);
        w.WriteEndObject();
    }


    private void PublishLifecycle(TrackedCommand command)
    {
        var view = command.ToView(_names);
        Publish(new MqttPublish(GatewayTopics.Command(_key, command.CommandId),
            JsonSerializer.SerializeToUtf8Bytes(view, GatewayJsonContext.Default.CommandView), Retain: false, AtLeastOnce: true));
        if (_context.Watchers is { } watchers && watchers.Watch(_entityId, _key.Kind))
            watchers.Publish(_entityId, _key.Kind, new CommandChanged(_entityId, view));
    }

    private void Publish(MqttPublish message) => _context.MqttOut.Tell(message);
}
