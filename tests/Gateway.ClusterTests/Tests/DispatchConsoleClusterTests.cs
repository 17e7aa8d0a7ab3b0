using Gateway.ClusterTests.Cluster;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// A dispatcher console connected to one node follows drones hosted on the others: their transcript
/// lines, taken in by whichever node mosquitto picks, reach it, and its VOICE_COMMAND for a drone
/// hosted elsewhere is delivered, acknowledged, and its lifecycle comes back to the console.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DispatchConsoleClusterTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task AConsoleOnOneNodeHearsAndCommandsDronesHostedOnTheOthers()
    {
        var drones = Enumerable.Range(0, 4).Select(_ => DeviceRoute.Of("drone", DroneIds.New("ws-cluster"))).ToList();
        await using var device = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        foreach (var drone in drones)
            await device.PublishAsync($"/drone/{drone.Id}/telemetry", DroneExamples.TelemetryOf(drone.Id));
        var elsewhere = await Cluster.HostOfAsync(drones[0]);
        var consoleNode = Cluster.OtherThan(elsewhere);
        await using var console = await DispatchConsole.ConnectAsync(consoleNode.Process, string.Join('&', drones.Select(d => $"drone={d.Id}")));

        foreach (var drone in drones)
            await device.PublishAsync($"/drone/{drone.Id}/voice/transcript", $$"""{"mission_id":"M-1","speaker":"BYSTANDER","text":"line of {{drone.Id}}"}""");
        foreach (var drone in drones)
            await Cluster.WithDiagnostics(() => console.WaitForAsync(m => m.Topic == "VOICE_TRANSCRIPT" && m.Json().StringAt("data.text") == $"line of {drone.Id}",
                $"{drone}'s line on the console connected to {consoleNode}"));

        var target = drones[0];
        await device.SubscribeAsync($"/drone/{target.Id}/command");
        await console.SendAsync($$"""{"type":"VOICE_COMMAND","drone_id":"{{target.Id}}","mission_id":"M-1","text":"Help is 2 minutes away."}""");
        var accepted = await Cluster.WithDiagnostics(() => console.WaitForAsync(m => m.Topic == "COMMAND_ACCEPTED", $"the command for a drone hosted on {elsewhere}"));
        var commandId = accepted.Json().StringAt("command.command_id")!;
        await device.WaitForAsync(m => m.Topic == $"/drone/{target.Id}/command" && m.StringField("command_id") == commandId, "the VOICE_SPEAK through mosquitto");
        await device.PublishAsync($"/drone/{target.Id}/events", $$"""{"event":"VOICE_SPEAK_ACKNOWLEDGED","mission_id":"M-1","command_id":"{{commandId}}"}""");
        await Cluster.WithDiagnostics(() => console.WaitForAsync(m => m.Topic == "COMMAND_STATUS" && m.Json().StringAt("command.outcome") == "acknowledged",
            "the acknowledgement on the console"));
    }
}
