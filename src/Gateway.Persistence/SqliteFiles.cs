using Microsoft.Data.Sqlite;

namespace Gateway.Persistence;

/// <summary>
/// Prepares the SQLite files before the journal opens them: the folder exists and each file is
/// in WAL mode, so readers (recovery, the readiness probe) never block the single writer.
/// WAL is a property of the file, so setting it once here holds for every later connection.
/// </summary>
public static class SqliteFiles
{
    public static void Prepare(params string[] connectionStrings)
    {
        foreach (var connectionString in connectionStrings)
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(dir))
                Directory.CreateDirectory(dir);
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = command.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"SQLite file {builder.DataSource} refused WAL mode (got '{mode}')");
        }
    }
}
