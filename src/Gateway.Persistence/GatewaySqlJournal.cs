using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace Gateway.Persistence;

/// <summary>
/// Akka.Persistence.Sql's journal, for a batch with nothing to write. A persistent actor that defers
/// an action (DeferAsync) while earlier writes are in flight sends the journal a batch holding only
/// that deferral, and the plugin's journal (1.5.73) takes the first row of the empty list and throws.
/// The journal's circuit breaker counts every such throw as a failed write without logging it, so a
/// client that polls device views while telemetry is being journaled opened the breaker, and then
/// every device's writes and recoveries failed. An empty batch is written by writing nothing.
/// </summary>
public sealed class GatewaySqlJournal(Config journalConfig) : SqlWriteJournal(journalConfig)
{
    private static readonly Task<IImmutableList<Exception>> NothingWritten = Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var batch = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        return batch.Count == 0 ? NothingWritten : base.WriteMessagesAsync(batch, cancellationToken);
    }
}
