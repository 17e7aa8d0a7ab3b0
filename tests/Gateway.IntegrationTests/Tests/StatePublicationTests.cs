using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>The gateway publishes each drone's view, retained, on gateway/drone/{id}/state.</summary>
[Collection(DevicesCollection.Name)]
public sealed class StatePublicationTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ASubscriberArrivingAfterTheTelemetryGetsTheRetainedState()
    {
        const string drone = DroneExamples.DroneId;
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, $"/drone/{drone}/telemetry", Fixtures.PathOf(DroneExamples.Telemetry));
        await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone), r => r.StatusCode == HttpStatusCode.OK, $"{drone} to be known", Gateway);

        var received = await Mosquitto.ReceiveOneAsync(Gateway.MqttPort, $"gateway/drone/{drone}/state", waitSeconds: 30);

        Assert.True(received.Succeeded, $"mosquitto_sub got no state: {received}\n{Gateway.LogTail()}");
        using var state = JsonDocument.Parse(received.StandardOutput);
        var view = state.RootElement;
        Assert.Equal("drone", view.StringAt("kind"));
        Assert.Equal(drone, view.StringAt("id"));
        Assert.Equal(84, view.At("shadow.reported.battery").GetInt32());
        Assert.Equal("IN_FLIGHT", view.StringAt("shadow.reported.status"));
        Assert.True(view.At("online").GetBoolean(), view.ToString());
    }

    [Fact]
    public async Task EachChangeIsPublishedToASubscriberAlreadyListening()
    {
        var drone = DroneIds.New("state");
        var stateTopic = $"gateway/drone/{drone}/state";
        await using var observer = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await observer.SubscribeAsync(stateTopic);
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);

        await device.PublishAsync($"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone));
        await device.PublishAsync($"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone, t => t["battery"] = 61));

        var states = await observer.WaitForCountAsync(m => m.Topic == stateTopic && Battery(m) == 61, 1, "the state after the second report");
        var last = states[^1].Json();
        Assert.True(last.At("shadow.version").GetInt64() >= 2, $"two different reports make two versions: {last}");
        Assert.Contains(observer.Received, m => m.Topic == stateTopic && Battery(m) == 84);
    }

    private static int? Battery(ReceivedMessage message) =>
        message.IsEmpty ? null : message.Json().Find("shadow.reported.battery")?.GetInt32();
}
