using System.Text.Json;
using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// SIGKILL is a lost machine: the survivors down the node (failure detector, then the split-brain
/// resolver), its devices recover from the journal on them, and a command the dead node had sent
/// and was waiting on is sent again from a survivor with the same command_id.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashFailoverTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    // Longer than the failover, so the first window is still open when the node dies and the
    // retry seen afterwards can only have come from a survivor.
    private const int AckTimeoutMs = 8000;
    private const string InFlightMission = "M-20251201-002";

    [Fact]
    public async Task AKilledNodesDevicesAreServedBySurvivorsAndItsCommandInFlightIsSentAgainWithTheSameId()
    {
        var fleet = DroneFleet.Create(Cluster, "crash", 6);
        var target = fleet.Drones[0];
        var commandTopic = $"/drone/{target.Id}/command";
        await using var device = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        await device.SubscribeAsync(commandTopic);
        await fleet.ReportAsync(battery: 70, Cluster.Nodes[0]);
        var host = await Cluster.HostOfAsync(target);
        var submitter = Cluster.OtherThan(host);
        var acknowledgedId = await DroneCommands.LaunchAndAcknowledgeAsync(Cluster, submitter, target, device);
        var placement = await fleet.PlacementAsync();

        // What a crash may lose by design is the telemetry of the last coalescing window; past it,
        // everything the shadows show is journaled.
        await Task.Delay(DroneFleet.CoalescingWindow * 3);
        var shadows = await fleet.ShadowsAsync(submitter);
        var history = (await submitter.Api.GetCommandAsync(target, acknowledgedId)).Json;

        var inFlightId = await DroneCommands.PostAsync(Cluster, submitter, target, DroneExamples.LaunchWithAckTimeout(AckTimeoutMs, InFlightMission));
        await Cluster.WithDiagnostics(() => device.WaitForAsync(m => m.StringField("command_id") == inFlightId, $"the first attempt of {inFlightId}"));
        await Cluster.WaitForCommandAsync(submitter, target, inFlightId, c => c.StringAt("status") == "sent" && c.At("attempts").GetArrayLength() == 1, "sent once, waiting for the acknowledgement");

        await Cluster.KillAsync(host);

        // Nothing asks a survivor about the drone until the retry shows: the command must resume by itself.
        var deliveries = await Cluster.WithDiagnostics(() => device.WaitForCountAsync(m => m.StringField("command_id") == inFlightId, 2,
            $"{inFlightId} sent again from a survivor after {host} was killed (placement before: {placement})", TimeSpan.FromSeconds(60)));
        Assert.All(deliveries, m => Assert.Equal("LAUNCH", m.StringField("command")));
        foreach (var survivor in Cluster.AllBut(host))
            await Cluster.WaitForCommandAsync(survivor, target, inFlightId, c => c.At("attempts").GetArrayLength() >= 2, "attempted again");

        await device.PublishAsync($"/drone/{target.Id}/events", DroneExamples.LaunchAcknowledged(InFlightMission, inFlightId));
        foreach (var survivor in Cluster.AllBut(host))
        {
            await Cluster.WaitForCommandStatusAsync(survivor, target, inFlightId, "acknowledged");
            await fleet.WaitUntilServedAsBeforeAsync(survivor, shadows);
            var after = await Cluster.WaitForCommandAsync(survivor, target, acknowledgedId, _ => true, "its view");
            Assert.True(JsonElement.DeepEquals(history, after),
                $"{survivor} serves command {acknowledgedId} differently after {host} was killed:\nbefore: {history}\nafter:  {after}\n{Cluster.Diagnostics()}");
        }
        Assert.All(device.Received.Where(m => m.Topic == commandTopic && !m.IsEmpty),
            m => Assert.Contains(m.StringField("command_id"), new[] { acknowledgedId, inFlightId }));

        await Cluster.StartAgainAsync(host);
    }
}
