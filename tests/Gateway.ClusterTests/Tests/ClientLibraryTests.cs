using System.Text.Json;
using Gateway.Client;
using Gateway.ClusterTests.Cluster;
using Gateway.Contracts;
using Gateway.Contracts.Watching;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Tests;

/// <summary>
/// Another .NET service's view of the cluster: this test process joins it through
/// <c>AddGatewayClient</c> (role client, shard region proxy) and talks to a drone that is a real
/// MQTT client of the cluster's mosquitto, with no HTTP anywhere in between.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientLibraryTests(ClusterFixture cluster) : ClusterTest(cluster)
{
    [Fact]
    public async Task AClientReadsCommandsAndWatchesADroneThroughTheCluster()
    {
        var droneId = DroneIds.New("client");
        var drone = new DeviceKey("drone", null, droneId);
        await using var client = await ClientHost.StartAsync(Cluster);
        await using var device = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        await device.SubscribeAsync($"/drone/{droneId}/command");

        var unknown = await client.Client.GetDeviceAsync(drone);
        Assert.Equal(GatewayErrorKind.NotFound, unknown.Error?.Kind);

        await device.PublishAsync($"/drone/{droneId}/telemetry", DroneExamples.TelemetryOf(droneId));
        var seen = await ClusterEventually.Until(() => client.Client.GetDeviceAsync(drone), r => r.Value is not null,
            $"the client to read {droneId} after its telemetry", Cluster.Diagnostics);
        Assert.Equal(84, Reported(seen.Value!.Shadow.Reported.ToString()).GetProperty("battery").GetInt32());

        await using var watch = WatchRecorder.Start(ct => client.Client.WatchAsync(drone, ct: ct));
        var first = await watch.WaitForAsync<DeviceChanged>(_ => true, "the current view first", Cluster.Diagnostics);
        Assert.Equal(84, Reported(first.View.Shadow.Reported.ToString()).GetProperty("battery").GetInt32());

        await device.PublishAsync($"/drone/{droneId}/telemetry", DroneExamples.TelemetryOf(droneId, p => p["battery"] = 41));
        await watch.WaitForAsync<DeviceChanged>(c => Reported(c.View.Shadow.Reported.ToString()).GetProperty("battery").GetInt32() == 41,
            "a state change with battery 41 after the telemetry", Cluster.Diagnostics);

        var invalid = await client.Client.SubmitCommandAsync(drone, """{"command":"LAUNCH"}""");
        Assert.Equal(GatewayErrorKind.Invalid, invalid.Error?.Kind);
        Assert.NotEmpty(invalid.Error!.Fields);

        var accepted = await client.Client.SubmitCommandAsync(drone, Fixtures.Text(DroneExamples.LaunchCommand));
        Assert.True(accepted.IsSuccess, accepted.Error?.ToString());
        var commandId = accepted.Value!.CommandId;
        var delivered = await Cluster.WithDiagnostics(() => device.WaitForAsync(m => m.StringField("command_id") == commandId, "the LAUNCH the client sent"));
        Assert.Equal("LAUNCH", delivered.StringField("command"));
        await device.PublishAsync($"/drone/{droneId}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));

        var settled = await client.Client.AwaitCommandAsync(drone, commandId);
        Assert.True(settled.IsSuccess, settled.Error?.ToString());
        Assert.Equal(CommandOutcome.Acknowledged, settled.Value!.OutcomeOf());
        Assert.Equal(CommandOutcome.Acknowledged, (await client.Client.GetCommandAsync(drone, commandId)).Value?.OutcomeOf());
        await watch.WaitForAsync<CommandChanged>(c => c.Command.CommandId == commandId && c.Command.OutcomeOf() == CommandOutcome.Acknowledged,
            "the command's acknowledgement on the watch", Cluster.Diagnostics);

        var desired = await client.Client.SetDesiredAsync(drone, """{"max_altitude": 150}""");
        Assert.True(desired.IsSuccess, desired.Error?.ToString());
        Assert.Equal(150, JsonDocument.Parse(desired.Value!.Desired.ToString()).RootElement.GetProperty("max_altitude").GetInt32());
        Assert.Equal(GatewayErrorKind.NotFound, (await client.Client.GetCommandAsync(drone, "no-such-command")).Error?.Kind);
    }

    [Fact]
    public async Task AClientKeepsWorkingWhenTheNodeHostingItsDeviceIsKilled()
    {
        var droneId = DroneIds.New("client-failover");
        var drone = new DeviceKey("drone", null, droneId);
        var route = DeviceRoute.Of("drone", droneId);
        await using var client = await ClientHost.StartAsync(Cluster);
        await using var device = await MqttTestClient.ConnectAsync(Cluster.Broker.Port);
        await device.SubscribeAsync($"/drone/{droneId}/command");
        await device.PublishAsync($"/drone/{droneId}/telemetry", DroneExamples.TelemetryOf(droneId));
        await ClusterEventually.Until(() => client.Client.GetDeviceAsync(drone), r => r.Value is not null, $"the client to read {droneId}", Cluster.Diagnostics);
        await using var watch = WatchRecorder.Start(ct => client.Client.WatchAsync(drone, ct: ct));
        await watch.WaitForAsync<DeviceChanged>(_ => true, "the current view first", Cluster.Diagnostics);
        var host = await Cluster.HostOfAsync(route);
        // Telemetry is journaled once per coalesce window (1 s, gateway.telemetry); a kill inside the
        // window loses it, as documented, and this test is about the client's failover, not that window.
        await Task.Delay(TimeSpan.FromSeconds(2));

        await Cluster.KillAsync(host);

        // The drone's shard starts on a survivor; until then the proxy's asks time out (Unavailable), then succeed.
        var after = await ClusterEventually.Until(() => client.Client.GetDeviceAsync(drone), r => r.Value is not null,
            $"the client to read {droneId} again after {host} was killed", Cluster.Diagnostics, TimeSpan.FromSeconds(90));
        Assert.Equal(84, Reported(after.Value!.Shadow.Reported.ToString()).GetProperty("battery").GetInt32());

        await device.PublishAsync($"/drone/{droneId}/telemetry", DroneExamples.TelemetryOf(droneId, p => p["battery"] = 33));
        await watch.WaitForAsync<DeviceChanged>(c => Reported(c.View.Shadow.Reported.ToString()).GetProperty("battery").GetInt32() == 33,
            $"a state change from the drone's new node after {host} was killed", Cluster.Diagnostics);

        var accepted = await client.Client.SubmitCommandAsync(drone, Fixtures.Text(DroneExamples.LaunchCommand));
        Assert.True(accepted.IsSuccess, accepted.Error?.ToString());
        var commandId = accepted.Value!.CommandId;
        await Cluster.WithDiagnostics(() => device.WaitForAsync(m => m.StringField("command_id") == commandId, "the LAUNCH sent after the failover"));
        await device.PublishAsync($"/drone/{droneId}/events", DroneExamples.LaunchAcknowledged(DroneExamples.MissionId, commandId));
        Assert.Equal(CommandOutcome.Acknowledged, (await client.Client.AwaitCommandAsync(drone, commandId)).Value?.OutcomeOf());
    }

    private static JsonElement Reported(string json) => JsonDocument.Parse(json).RootElement;
}
