namespace Gateway.Devices.State;

/// <summary>Desired state from the API.</summary>
public sealed partial class DeviceState
{
    public DesiredStep Decide(SetDesired set, DateTimeOffset now)
    {
        if (_profile.ValidateDesired(set.Desired.Span) is { Count: > 0 } errors)
            return Invalid(errors, NothingToPublish);
        if (_familyState?.HandleDesired(set.Desired, now) is not { } step)
            return new DesiredStep(null, NothingToPublish, [new DesiredUpdated(set.Desired, now)], JournalFirst: true);
        if (step.RejectReason is { } reason)
            return Invalid([new FieldError("$", reason)], step.Publish);
        return step.WaitForJournal
            ? new DesiredStep(null, step.Publish, step.Persist, JournalFirst: true)
            : new DesiredStep(null, ApplyNow(step.Persist, step.Publish), step.Persist, JournalFirst: false);
    }

    /// <summary>The shadow a desired-state update is answered with: the family's own where its family state took the update.</summary>
    public ShadowView DesiredAnswer() => _familyState?.DesiredView() ?? BuildShadow();

    /// <summary>Families that push desired state (an ESP32's config topic) get the whole desired document once an update is journaled.</summary>
    public MqttPublish? DesiredPublication(DesiredUpdated update) =>
        _profile.DesiredTopic(Key) is { } topic
            ? new MqttPublish(topic, _profile.BuildDesiredPayload(Key, Write(w => _desired.WriteTo(w)), update.At), Retain: false, AtLeastOnce: true)
            : null;

    private DesiredStep Invalid(IReadOnlyList<FieldError> errors, IReadOnlyList<MqttPublish> publish) =>
        new(new DesiredInvalid(EntityId, errors), publish, NothingToJournal, JournalFirst: false);
}
