namespace Gateway.Devices.Actors;

/// <summary>The desired state and the device view the API and the state publication show.</summary>
public sealed partial class DeviceActor
{
    private void Handle(SetDesired set)
    {
        if (!IsJsonObject(set.Desired.Span, out var error))
        {
            Sender.Tell(new DesiredInvalid(_entityId, [new FieldError("$", error)]));
            return;
        }
        if (_profile.ValidateDesired(set.Desired.Span) is { Count: > 0 } errors)
        {
            Sender.Tell(new DesiredInvalid(_entityId, errors));
            return;
        }
        var sender = Sender;
        if (_extension?.HandleDesired(set.Desired, Now) is { } step)
        {
            if (step.RejectReason is { } reason)
            {
                foreach (var publish in step.Publish)
                    Publish(publish);
                sender.Tell(new DesiredInvalid(_entityId, [new FieldError("$", reason)]));
                return;
            }
            RunExtensionStep(step, input: null, reply: () => sender.Tell(_extension.DesiredView() ?? BuildShadow()));
            return;
        }
        Persist(new DesiredUpdated(set.Desired, Now), e =>
        {
            Apply(e);
            Journaled();
            sender.Tell(BuildShadow());
            // Families that push desired state (an ESP32's config topic) get the whole desired document.
            if (_profile.DesiredTopic(_key) is { } topic)
                Publish(new MqttPublish(topic, _profile.BuildDesiredPayload(_key, Write(w => _desired.WriteTo(w)), e.At), Retain: false, AtLeastOnce: true));
            PublishState();
        });
    }

    private static bool IsJsonObject(ReadOnlySpan<byte> json, out string error)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "desired state is a JSON object";
                return false;
            }
            reader.Skip();
            if (reader.Read())
            {
                error = "content after the JSON object";
                return false;
            }
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON: {e.Message}";
            return false;
        }
    }

    private void HandleGetView(IActorRef sender)
    {
        // A device heard from only through refused messages is shown too, so its sender can see why.
        if (_exists || _recentRejections.Count > 0)
        {
            sender.Tell(BuildView());
            return;
        }
        sender.Tell(new DeviceNotFound(_entityId));
        // Nothing to keep in memory for a device that does not exist.
        RequestPassivation();
    }

    private DeviceView BuildView() => new(
        _key.Kind, _key.Org, _key.Id, _online, _lastSeen, BuildShadow(),
        _recentEvents.ToArray(), _recentTranscript.ToArray(),
        _commands.Pending.Select(c => c.ToView(_names)).ToArray(), _recentRejections.ToArray(),
        _extension is null ? null : Write(WriteExtension));

    // The extension's part of the view sits under its own name: {"tracks": ...}, {"aws_shadows": ...}.
    private void WriteExtension(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(_extension!.ViewName);
        _extension.WriteView(writer);
        writer.WriteEndObject();
    }

    private ShadowView BuildShadow() => new(
        Write(w => _reported.WriteTo(w)),
        Write(w => _desired.WriteTo(w)),
        Write(w => _desired.WriteDeltaTo(w, _reported)),
        _version,
        Write(WriteMetadata));

    private static RawJson Write(Action<Utf8JsonWriter> write)
    {
        var scratch = JsonScratch.Parts;
        write(scratch.Start());
        return new RawJson(scratch.Written.ToArray());
    }
}
