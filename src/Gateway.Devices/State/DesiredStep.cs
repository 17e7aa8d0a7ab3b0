namespace Gateway.Devices.State;

/// <summary>
/// The decision about a desired-state update: refused (with any protocol reply to publish), or
/// entries to journal, either before answering (<see cref="JournalFirst"/>: the common desired
/// state, an AWS shadow update) or behind an answer given at once, where the state has applied
/// them already.
/// </summary>
public readonly record struct DesiredStep(DesiredInvalid? Invalid, IReadOnlyList<MqttPublish> Publish, IReadOnlyList<object> Journal, bool JournalFirst);
