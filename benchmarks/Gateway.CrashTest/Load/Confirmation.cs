namespace Gateway.CrashTest.Load;

/// <summary>
/// Something the gateway acknowledged: the <paramref name="Marker"/> the request carried and, for
/// commands, shadow updates and desired states, what to look it up by (<paramref name="Reference"/>:
/// the command id or the state key).
/// </summary>
public sealed record Confirmation(CheckKind Kind, CrashDevice Device, string Marker, string? Reference);
