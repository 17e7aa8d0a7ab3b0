namespace Gateway.CrashTest.Options;

/// <summary>Where the gateway journals: SQLite in its data folder, or a private PostgreSQL the tool starts.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
}
