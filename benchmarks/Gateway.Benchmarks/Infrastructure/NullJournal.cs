using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Gateway.Benchmarks.Infrastructure;

/// <summary>
/// A journal that accepts every write and keeps nothing, so the device actor benchmarks measure
/// the actor's own work; the real journal is measured on its own in <see cref="JournalWriteBenchmarks"/>.
/// </summary>
public sealed class NullJournal : AsyncWriteJournal
{
    public const string Hocon = """
        akka.persistence.journal.plugin = "akka.persistence.journal.null"
        akka.persistence.journal.null.class = "Gateway.Benchmarks.Infrastructure.NullJournal, Gateway.Benchmarks"
        akka.persistence.journal.null.plugin-dispatcher = "akka.actor.default-dispatcher"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    public override Task ReplayMessagesAsync(Akka.Actor.IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        Task.CompletedTask;

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) => Task.FromResult(0L);

    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken) =>
        Task.FromResult<IImmutableList<Exception?>>(null!);

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => Task.CompletedTask;
}
