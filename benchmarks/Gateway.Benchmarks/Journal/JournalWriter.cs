using Akka.Actor;
using Akka.Persistence;
using Gateway.Devices.Journal;

namespace Gateway.Benchmarks.Journal;

/// <summary>
/// A persistent actor that persists one event per message it gets, as a device actor does per
/// journal write, and answers when all of them are written. It answers <see cref="Ready"/> once
/// recovered (commands wait in the stash until then), so recovery stays out of the measurement.
/// Each event is tagged with its family, as a device actor tags every entry (<see cref="DeviceTags"/>).
/// </summary>
public sealed class JournalWriter : ReceivePersistentActor
{
    public sealed class Ready { public static readonly Ready Instance = new(); }
    public sealed class Start { public static readonly Start Instance = new(); }
    public sealed class Done { public static readonly Done Instance = new(); }
    private sealed class Next { public static readonly Next Instance = new(); }

    public JournalWriter(string id, ReportedMerged evt, int count, bool persistAsync)
    {
        PersistenceId = id;
        IActorRef? requester = null;
        var written = 0;
        var tagged = DeviceTags.Tag(evt, DeviceTags.SetFor("drone"));
        void Handler(object _)
        {
            if (++written < count)
                return;
            requester!.Tell(Done.Instance);
            Context.Stop(Self);
        }
        Command<Ready>(_ => Sender.Tell(Ready.Instance));
        Command<Start>(_ =>
        {
            requester = Sender;
            for (var i = 0; i < count; i++)
                Self.Tell(Next.Instance);
        });
        Command<Next>(_ =>
        {
            if (persistAsync)
                PersistAsync(tagged, Handler);
            else
                Persist(tagged, Handler);
        });
    }

    public override string PersistenceId { get; }
}
