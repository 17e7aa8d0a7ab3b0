using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>A device's rows in the journal table itself (SQLite's file or PostgreSQL), read with SQL: what retention left in the database.</summary>
public sealed class JournalRows(Func<DbConnection> connect)
{
    public static JournalRows Sqlite(GatewayProcess gateway) =>
        new(() => new SqliteConnection($"Data Source={Path.Combine(gateway.DataDir, "journal.db")};Mode=ReadOnly"));

    public static JournalRows Postgres(string connectionString) => new(() => new NpgsqlConnection(connectionString));

    /// <summary>The device's rows: sequence number and manifest (de event, tr transcript, rm telemetry, ra retention marker, c* commands), in order.</summary>
    public async Task<IReadOnlyList<(long SequenceNr, string Manifest)>> OfAsync(string entityId)
    {
        await using var connection = connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, manifest FROM journal WHERE persistence_id = @id ORDER BY sequence_number";
        var id = command.CreateParameter();
        id.ParameterName = "id";
        id.Value = $"device-{entityId}";
        command.Parameters.Add(id);
        var rows = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.GetInt64(0), reader.GetString(1)));
        return rows;
    }
}
