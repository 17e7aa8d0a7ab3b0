using System.Data.Common;

namespace Gateway.Persistence;

/// <summary>Answers whether the journal's database takes a query now; used by <c>/readyz</c>.</summary>
public sealed class JournalProbe(string persistence, string connectionString)
{
    public async Task<(bool Ok, string Detail)> CheckAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = JournalDatabase.Connect(persistence, connectionString);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return (true, persistence);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            return (false, $"{persistence}: {e.Message}");
        }
    }
}
