using System.Net;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Cluster;

/// <summary>Commands posted to one node and answered by a drone connected to mosquitto.</summary>
public static class DroneCommands
{
    /// <summary>Posts <paramref name="body"/> to <paramref name="node"/> and returns the command id it was given.</summary>
    public static async Task<string> PostAsync(ClusterFixture cluster, ClusterNode node, DeviceRoute drone, string body)
    {
        var posted = await node.Api.PostCommandAsync(drone, body);
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, $"{node} answered {posted}\n{cluster.Diagnostics()}");
        var commandId = posted.Json.StringAt("command_id");
        Assert.False(string.IsNullOrEmpty(commandId), posted.ToString());
        return commandId!;
    }

    /// <summary>
    /// The example LAUNCH posted to <paramref name="node"/>, received by <paramref name="device"/> (already
    /// subscribed to the drone's command topic) and acknowledged by it, as the drone's command history.
    /// </summary>
    public static async Task<string> LaunchAndAcknowledgeAsync(ClusterFixture cluster, ClusterNode node, DeviceRoute drone, MqttTestClient device)
    {
        var commandId = await PostAsync(cluster, node, drone, Fixtures.Text(DroneExamples.LaunchCommand));
        await cluster.WithDiagnostics(() => device.WaitForAsync(m => m.StringField("command_id") == commandId, $"the LAUNCH {commandId} on the drone's command topic"));
        await device.PublishAsync($"/drone/{drone.Id}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));
        await cluster.WaitForCommandStatusAsync(node, drone, commandId, "acknowledged");
        return commandId;
    }
}
