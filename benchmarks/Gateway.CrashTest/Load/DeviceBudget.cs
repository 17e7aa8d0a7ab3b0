namespace Gateway.CrashTest.Load;

/// <summary>
/// How much one device may send in one cycle, so that everything it was promised still fits in
/// what the API shows after the restart: a device view keeps the last 50 events
/// (<c>gateway.devices.recent-events</c>) and 100 settled commands (<c>command-history</c>), and an
/// AWS shadow holds at most 8 KB. Attempts count, answered or not, and so does each time a request
/// is sent again: an unanswered or timed-out one may still have been journaled and take a place.
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

    /// <summary>A place for sending a request of <paramref name="kind"/> again, if one is left (a drone's acknowledgement is one of its events).</summary>
    public bool TryTakeAgain(CheckKind kind) => kind.Place switch
    {
        CheckPlace.RecentEvents or CheckPlace.CommandAcknowledged => TryTake(HasEvent, TakeEvent),
        CheckPlace.Command => TryTake(HasCommand, TakeCommand),
        CheckPlace.ShadowReported => TryTake(HasShadowUpdate, TakeShadowUpdate),
        CheckPlace.Desired => TryTake(HasDesiredPut, TakeDesiredPut),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind.Place, "no budget for this place"),
    };

    private static bool TryTake(bool room, Func<int> take)
    {
        if (room)
            take();
        return room;
    }
}
