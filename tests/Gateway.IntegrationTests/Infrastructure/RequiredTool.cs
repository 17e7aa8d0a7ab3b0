namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Finds an executable the tests cannot do without. A missing one fails the test with the command
/// that installs it: a skipped test would let a machine without the tools report green. It throws
/// rather than asserts, so benchmarks/Gateway.CrashTest fails the same way through the same code.
/// </summary>
internal static class RequiredTool
{
    public static string Find(string name, string installHint, IEnumerable<string>? extraDirectories = null)
    {
        var extra = extraDirectories?.ToList() ?? [];
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(extra))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        var searched = extra.Count == 0 ? "on PATH" : $"on PATH or in {string.Join(", ", extra)}";
        throw new FileNotFoundException($"'{name}' is needed but was not found {searched}. {installHint}");
    }
}
