namespace Gateway.Tests.Families;

/// <summary>Reads the protocol documents' example payloads kept under Fixtures/.</summary>
public static class Fixture
{
    public static string Text(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", path));
}
