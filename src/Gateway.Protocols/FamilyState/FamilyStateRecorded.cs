using Gateway.Contracts.Json;

namespace Gateway.Protocols.FamilyState;

/// <summary>
/// A journal entry of a family's own state (an AWS shadow update, a batch of tracks): the
/// family's state gives it a name and a JSON body and is the only one that reads it back.
/// </summary>
public sealed record FamilyStateRecorded(string Name, RawJson Payload, DateTimeOffset At);
