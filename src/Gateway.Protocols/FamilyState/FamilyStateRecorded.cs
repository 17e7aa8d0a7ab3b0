using Gateway.Contracts.Json;

namespace Gateway.Protocols.Extensions;

/// <summary>
/// A journal entry of a family's own state (an AWS shadow update, a batch of tracks): the
/// family's extension gives it a name and a JSON body and is the only one that reads it back.
/// </summary>
public sealed record ExtensionRecorded(string Name, RawJson Payload, DateTimeOffset At);
