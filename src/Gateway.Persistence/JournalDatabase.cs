using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gateway.Persistence;

/// <summary>A connection to the journal's database, for the gateway's own queries beside the plugin's (readiness, retention).</summary>
internal static class JournalDatabase
{
    /// <param name="persistence"><c>postgres</c> or <c>sqlite</c>, as <c>gateway.persistence</c> names it.</param>
    public static DbConnection Connect(string persistence, string connectionString) =>
        persistence == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
}
