namespace Gateway.Devices.State;

/// <summary>What a device message became.</summary>
public enum InputOutcome : byte
{
    /// <summary>Refused: recorded in the recent rejections, with the rejection publication in <see cref="InputStep.Publish"/>.</summary>
    Rejected,
    /// <summary>Telemetry merged into the shadow now and kept for the window's one journal entry.</summary>
    Coalesced,
    /// <summary>Applied now; <see cref="InputStep.Journal"/> follows without holding anything back.</summary>
    WrittenBehind,
    /// <summary>
    /// Nothing is said until <see cref="InputStep.Journal"/> is written; each entry is applied as
    /// it is, while other messages go on being handled (a device event, a command's answer).
    /// </summary>
    JournalFirst,
    /// <summary>
    /// As <see cref="JournalFirst"/>, but nothing else is handled until the write returns, because
    /// the next request is decided against it (an AWS shadow update and its version).
    /// </summary>
    JournalInOrder,
    /// <summary>Nothing to journal; the publications in <see cref="InputStep.Publish"/> answer it (a protocol reply).</summary>
    Replied,
    /// <summary>A redelivery of what is already journaled or being journaled: nothing changes.</summary>
    Repeated,
}

/// <summary>
/// The decision about one device message: what to publish at once (a rejection, a protocol
/// reply), what to journal and how, and the command an answer settles. A struct, so the
/// telemetry path decides without allocating.
/// </summary>
public readonly record struct InputStep(
    InputOutcome Outcome,
    IReadOnlyList<MqttPublish> Publish,
    IReadOnlyList<object> Journal,
    bool StartsWindow = false);
