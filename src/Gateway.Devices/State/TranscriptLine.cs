namespace Gateway.Devices.State;

/// <summary>A recent transcript line with the time it was received, by which retention prunes it.</summary>
internal readonly record struct TranscriptLine(RawJson Payload, DateTimeOffset At);
