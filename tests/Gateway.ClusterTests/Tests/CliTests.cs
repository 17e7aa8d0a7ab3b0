using System.Text.Json;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary><c>Gateway.Cli</c> run as an operator runs it, a process joining the cluster as a client, against the three nodes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CliTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    private const string Cli = "src/Gateway.Cli";
    private static readonly TimeSpan RunDeadline = TimeSpan.FromSeconds(90);

    private string[] Reach => ["--contact-points", string.Join(",", Cluster.ContactPoints)];

    [Fact]
    public async Task ClusterListsTheGatewayNodesAndItselfAsAClient()
    {
        var (code, stdout, stderr) = await DotnetTool.RunAsync(Cli, ["cluster", "--json", .. Reach], RunDeadline);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var members = JsonDocument.Parse(stdout).RootElement.GetProperty("members").EnumerateArray().ToList();
        foreach (var node in Cluster.Nodes)
            Assert.Contains(members, m => node.Owns(m.GetProperty("address").GetString()) && m.GetProperty("status").GetString() == "Up");
        Assert.Contains(members, m => m.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "client"));
    }

    [Fact]
    public async Task ExitCodesTellAnUnknownDeviceAnInvalidCommandAndATimedOutOneApart()
    {
        var (unknown, _, unknownErr) = await DotnetTool.RunAsync(Cli, ["device", "get", $"drone/{DroneIds.New("cli-none")}", .. Reach], RunDeadline);
        Assert.True(unknown == 3, $"an unknown device: exit {unknown}\n{unknownErr}");

        var (usage, _, _) = await DotnetTool.RunAsync(Cli, ["device", "get", "not-a-device", .. Reach], RunDeadline);
        Assert.Equal(2, usage);

        var droneId = DroneIds.New("cli-silent");
        var (invalid, _, invalidErr) = await DotnetTool.RunAsync(Cli, ["command", "send", $"drone/{droneId}", "--json", """{"command":"LAUNCH"}""", .. Reach], RunDeadline);
        Assert.True(invalid == 4, $"an invalid command: exit {invalid}\n{invalidErr}");
        Assert.Contains("mission_id", invalidErr);

        // No drone answers, so three one-second windows pass and the command times out.
        var (timedOut, stdout, stderr) = await DotnetTool.RunAsync(Cli,
            ["command", "send", $"drone/{droneId}", "--json", DroneExamples.LaunchWithAckTimeout(1000), "--wait", "--output", "json", .. Reach], RunDeadline);
        Assert.True(timedOut == 5, $"a command nobody acknowledges: exit {timedOut}\n{stdout}\n{stderr}");
        Assert.Equal("timed_out", JsonDocument.Parse(stdout).RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task WatchPrintsEachStateChangeAsTelemetryArrivesUntilCtrlC()
    {
        var droneId = DroneIds.New("cli-watch");
        await using var device = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        await device.PublishAsync($"/drone/{droneId}/telemetry", DroneExamples.TelemetryOf(droneId));
        await Cluster.WaitForDeviceAsync(Cluster.Nodes[0], DeviceRoute.Of("drone", droneId), _ => true, "seen");

        await using var watch = DotnetTool.Start(Cli, ["watch", $"drone/{droneId}", "--json", .. Reach]);
        await watch.WaitForLineAsync(l => l.Contains("\"battery\":84"), "the current view", RunDeadline);
        foreach (var battery in new[] { 61, 52 })
        {
            await device.PublishAsync($"/drone/{droneId}/telemetry", DroneExamples.TelemetryOf(droneId, p => p["battery"] = battery));
            var line = await watch.WaitForLineAsync(l => l.Contains($"\"battery\":{battery}"), $"a state change with battery {battery}", TimeSpan.FromSeconds(30));
            Assert.Equal("state", JsonDocument.Parse(line).RootElement.GetProperty("type").GetString());
        }

        watch.Interrupt();
        Assert.Equal(0, await watch.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
