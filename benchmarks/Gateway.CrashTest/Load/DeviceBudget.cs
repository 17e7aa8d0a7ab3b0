namespace Gateway.CrashTest.Load;

/// <summary>
/// How much one device may send in one cycle, so that everything it was promised still fits in
/// what the API shows after the restart: a device view keeps the last 50 events
/// (<c>gateway.devices.recent-events</c>) and 100 settled commands (<c>command-history</c>), and an
/// AWS shadow holds at most 8 KB. Attempts count, answered or not: an unanswered message may still
/// have been journaled and take a place.
/// </summary>
public sealed class DeviceBudget
{
    public const int Events = 40;
    public const int Commands = 40;
    public const int ShadowUpdates = 25;
    public const int DesiredPuts = 25;

    public int EventsUsed { get; private set; }
    public int CommandsUsed { get; private set; }
    public int ShadowUpdatesUsed { get; private set; }
    public int DesiredPutsUsed { get; private set; }

    /// <summary>Room for one more device message: an event, or a command's acknowledgement (a drone's goes on its events topic).</summary>
    public bool HasEvent => EventsUsed < Events;
    public bool HasCommand => CommandsUsed < Commands;
    public bool HasShadowUpdate => ShadowUpdatesUsed < ShadowUpdates;
    public bool HasDesiredPut => DesiredPutsUsed < DesiredPuts;

    public int TakeEvent() => ++EventsUsed;
    public int TakeCommand() => ++CommandsUsed;
    public int TakeShadowUpdate() => ++ShadowUpdatesUsed;
    public int TakeDesiredPut() => ++DesiredPutsUsed;
}
