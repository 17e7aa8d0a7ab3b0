using System.Data.Common;
using Akka.Configuration;

namespace Gateway.Persistence;

/// <summary>
/// Retention's SQL on Akka.Persistence.Sql's journal table (SQLite and PostgreSQL alike). The
/// plugin can only delete a prefix of a persistence id's stream (DeleteMessages), while a
/// device's rows of different retention classes interleave in that one stream; so expired rows
/// are deleted here by their manifest and write time (the <c>created</c> column, in ticks), one
/// device at a time and only below a sequence number that device's latest snapshot covers. The
/// caller guarantees that bound (the device snapshots first), and that the device's newest row
/// is above it, because the plugin computes the next sequence number from the highest row left.
/// </summary>
public sealed class JournalRetention(string persistence, string connectionString, JournalTable table)
{
    public static JournalRetention From(Config config) => new(
        config.GetString("gateway.persistence"),
        config.GetString("akka.persistence.journal.sql.connection-string"),
        JournalTable.From(config));

    /// <summary>Rows of one manifest written before <paramref name="Before"/> have expired.</summary>
    public sealed record Expiry(string Manifest, DateTimeOffset Before);

    /// <summary>
    /// Persistence ids starting with <paramref name="prefix"/> that hold expired rows, at most
    /// <paramref name="limit"/>. Reads the index on the write time, not the rows' payloads.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindExpiredAsync(string prefix, IReadOnlyList<Expiry> expiries, int limit, CancellationToken ct)
    {
        if (expiries.Count == 0)
            return [];
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT DISTINCT {table.PersistenceId} FROM {table.Table} " +
            $"WHERE {table.PersistenceId} LIKE @prefix ESCAPE '!' AND ({Expired(command, expiries)}) LIMIT @limit";
        Add(command, "prefix", Escaped(prefix) + "%");
        Add(command, "limit", limit);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>
    /// Deletes <paramref name="persistenceId"/>'s expired rows and its retention markers (both
    /// below <paramref name="below"/>) in one statement; returns the journal rows deleted.
    /// </summary>
    public async Task<int> DeleteExpiredAsync(string persistenceId, long below, IReadOnlyList<Expiry> expiries, string markerManifest, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var doomed =
            $"{table.PersistenceId} = @pid AND {table.SequenceNr} < @below " +
            $"AND ({table.Manifest} = @marker{(expiries.Count > 0 ? " OR " + Expired(command, expiries) : "")})";
        Add(command, "pid", persistenceId);
        Add(command, "below", below);
        Add(command, "marker", markerManifest);
        // A row's tags are in the row itself (tag-write-mode = Csv): deleting it deletes them.
        command.CommandText = $"DELETE FROM {table.Table} WHERE {doomed}";
        return await command.ExecuteNonQueryAsync(ct);
    }

    private string Expired(DbCommand command, IReadOnlyList<Expiry> expiries)
    {
        var terms = new List<string>(expiries.Count);
        for (var i = 0; i < expiries.Count; i++)
        {
            terms.Add($"({table.Manifest} = @m{i} AND {table.Created} < @c{i})");
            Add(command, $"m{i}", expiries[i].Manifest);
            // The plugin writes created as DateTime.UtcNow.Ticks.
            Add(command, $"c{i}", expiries[i].Before.UtcTicks);
        }
        return string.Join(" OR ", terms);
    }

    private static string Escaped(string like) => like.Replace("!", "!!").Replace("%", "!%").Replace("_", "!_");

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = JournalDatabase.Connect(persistence, connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
