using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// <c>Gateway.Host migrate</c>: the one step that creates the journal and snapshot tables before
/// any node starts, as the README tells operators, so nodes never race to create them.
/// </summary>
internal static class SchemaMigration
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(string connectionString, Func<string> diagnostics)
    {
        var result = await ExternalCommand.RunAsync(HostBinary.Dotnet,
            [HostBinary.DllPath, "migrate", "--persistence", "postgres", "--connection-string", connectionString], Deadline);
        Assert.True(result.Succeeded, $"migrate did not create the schema: {result}\n{diagnostics()}");
    }
}
