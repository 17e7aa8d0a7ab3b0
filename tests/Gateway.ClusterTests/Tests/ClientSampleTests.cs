using System.Text.RegularExpressions;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// README.md's "Calling the gateway from another .NET service" sample is samples/ClientSample's
/// Program.cs, word for word, and it reads and commands the document's drone Alpha-3 on this cluster.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClientSampleTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public void TheReadmeShowsTheSampleAsItIsCompiled()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var program = File.ReadAllText(Path.Combine(root, "samples", "ClientSample", "Program.cs"));
        var shown = SampleBlock().Match(readme);
        Assert.True(shown.Success, "README.md has no ```csharp block under \"Calling the gateway from another .NET service\"");
        Assert.Equal(program.Trim().ReplaceLineEndings("\n"), shown.Groups[1].Value.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task TheSampleReadsAndCommandsTheExampleDrone()
    {
        await using var drone = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        await drone.SubscribeAsync($"/drone/{DroneExamples.DroneId}/command");
        await drone.PublishAsync($"/drone/{DroneExamples.DroneId}/telemetry", Fixtures.Text(DroneExamples.Telemetry));
        await Cluster.WaitForDeviceAsync(Cluster.Nodes[0], DeviceRoute.Of("drone", DroneExamples.DroneId), _ => true, "seen");

        await using var sample = DotnetTool.Start("samples/ClientSample", Cluster.ContactPoints);
        var launch = await Cluster.WithDiagnostics(() => drone.WaitForAsync(m => m.StringField("command") == "LAUNCH", "the sample's LAUNCH"));
        await drone.PublishAsync($"/drone/{DroneExamples.DroneId}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, launch.StringField("command_id")));

        var code = await sample.WaitForExitAsync(TimeSpan.FromSeconds(90));
        Assert.True(code == 0, $"exit {code}\n{sample.Stdout}\n{sample.Stderr}");
        Assert.Contains("Alpha-3: online True", sample.Stdout);
        Assert.Contains("LAUNCH Acknowledged (acknowledged)", sample.Stdout);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
                return dir.FullName;
        Assert.Fail($"no Gateway.sln above {AppContext.BaseDirectory}");
        return "";
    }

    [GeneratedRegex(@"## Calling the gateway from another \.NET service.*?```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SampleBlock();
}
