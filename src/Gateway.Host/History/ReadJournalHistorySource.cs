using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Gateway.Persistence;

namespace Gateway.Host.History;

/// <summary>
/// A device's journal through Akka.Persistence.Query (<see cref="QueryJournal"/>'s
/// CurrentEventsByPersistenceId over a bounded range of sequence numbers: one indexed query of
/// at most that many rows), and its highest sequence number from the write journal, which is
/// what recovery asks (a replay of nothing answers it; one MAX over the device's index).
/// </summary>
public sealed class ReadJournalHistorySource(ActorSystem system, TimeSpan timeout) : IHistorySource
{
    private readonly Lazy<IActorRef> _journal = new(() => Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null));

    public async Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken ct)
    {
        var reply = await _journal.Value.Ask<object>(replyTo => new ReplayMessages(1, 0, 0, persistenceId, replyTo), timeout, ct);
        return reply switch
        {
            RecoverySuccess success => success.HighestSequenceNr,
            ReplayMessagesFailure failure => throw new InvalidOperationException($"the journal could not read {persistenceId}", failure.Cause),
            _ => throw new InvalidOperationException($"the journal answered {reply.GetType().Name} for {persistenceId}"),
        };
    }

    public async Task<IReadOnlyList<HistoryRow>> ReadAsync(string persistenceId, long from, long to, int max, CancellationToken ct)
    {
        var envelopes = await QueryJournal.Get(system)
            .CurrentEventsByPersistenceId(persistenceId, from, to)
            .Take(max)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
            .WaitAsync(timeout, ct);
        return envelopes.Select(e => new HistoryRow(e.SequenceNr, e.Timestamp, e.Event)).ToArray();
    }
}
