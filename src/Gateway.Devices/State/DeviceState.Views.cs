namespace Gateway.Devices.State;

/// <summary>What the device shows: its view for the API and watchers, and its publications.</summary>
public sealed partial class DeviceState
{
    /// <summary>Whether there is a device to show: one heard from only through refused messages is shown too, so its sender can see why.</summary>
    public bool Exists => _exists || _recentRejections.Count > 0;

    public DeviceView BuildView() => new(
        Key.Kind, Key.Org, Key.Id, _online, _lastSeen, BuildShadow(),
        _recentEvents.ToArray(), TranscriptPayloads(),
        _commands.Pending.Select(c => c.ToView(_names)).ToArray(), _recentRejections.ToArray(),
        _familyState is null ? null : Write(WriteFamilyState));

    // A loop rather than LINQ: built on each watched state publication.
    private RawJson[] TranscriptPayloads()
    {
        var payloads = new RawJson[_recentTranscript.Count];
        var i = 0;
        foreach (var line in _recentTranscript)
            payloads[i++] = line.Payload;
        return payloads;
    }

    public ShadowView BuildShadow() => new(
        Write(w => _reported.WriteTo(w)),
        Write(w => _desired.WriteTo(w)),
        Write(w => _desired.WriteDeltaTo(w, _reported)),
        _version,
        Write(WriteMetadata));

    /// <summary>
    /// The retained device view, written straight from the state into a reused buffer (the same
    /// JSON as serializing <see cref="BuildView"/>, without building that object graph), so a
    /// state publication costs one array: the payload handed to the broker.
    /// </summary>
    public MqttPublish StatePublication()
    {
        var scratch = JsonScratch.State;
        var w = scratch.Start();
        w.WriteStartObject();
        w.WriteString("kind"u8, Key.Kind);
        if (Key.Org is null)
            w.WriteNull("org"u8);
        else
            w.WriteString("org"u8, Key.Org);
        w.WriteString("id"u8, Key.Id);
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
            w.WriteRawValue(line.Payload.Span, skipInputValidation: true);
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
        if (_familyState is null)
            w.WriteNull("extension"u8);
        else
        {
            w.WritePropertyName("extension"u8);
            WriteFamilyState(w);
        }
        w.WriteEndObject();
        return new MqttPublish(_stateTopic, scratch.Written.ToArray(), Retain: true, AtLeastOnce: false);
    }

    /// <summary>A command's lifecycle, published on its own gateway topic at each change.</summary>
    public MqttPublish LifecyclePublication(CommandView view) =>
        new(GatewayTopics.Command(Key, view.CommandId),
            JsonSerializer.SerializeToUtf8Bytes(view, GatewayJsonContext.Default.CommandView), Retain: false, AtLeastOnce: true);

    /// <summary>A journaled device event, published on the device's events topic.</summary>
    public MqttPublish EventPublication(DeviceEventRecorded e) =>
        new(_eventsTopic, JsonSerializer.SerializeToUtf8Bytes(new DeviceEventView(e.Event, e.At, e.Payload), GatewayJsonContext.Default.DeviceEventView),
            Retain: false, AtLeastOnce: true);

    private void WriteMetadata(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WritePropertyName("reported"u8);
        _reported.WriteMetadataTo(w);
        w.WritePropertyName("desired"u8);
        _desired.WriteMetadataTo(w);
        w.WriteEndObject();
    }

    // The family state's part of the view (the API's "extension" field) sits under its own name: {"tracks": ...}, {"aws_shadows": ...}.
    private void WriteFamilyState(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(_familyState!.ViewName);
        _familyState.WriteView(writer);
        writer.WriteEndObject();
    }

    private static RawJson Write(Action<Utf8JsonWriter> write)
    {
        var scratch = JsonScratch.Parts;
        write(scratch.Start());
        return new RawJson(scratch.Written.ToArray());
    }
}
