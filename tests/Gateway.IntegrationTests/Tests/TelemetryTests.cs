using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Formatter;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>Telemetry and status published over MQTT become the drone's reported shadow.</summary>
[Collection(DevicesCollection.Name)]
public sealed class TelemetryTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ExampleTelemetryPublishedWithMosquittoPubBecomesTheReportedShadow()
    {
        const string drone = DroneExamples.DroneId;
        await Mosquitto.PublishFileAsync(Gateway.MqttPort, $"/drone/{drone}/telemetry", Fixtures.PathOf(DroneExamples.Telemetry));

        var view = (await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
            r => r.StatusCode == HttpStatusCode.OK && r.Json.Find("shadow.reported.battery") is not null,
            $"{drone}'s shadow to show the telemetry", Gateway)).Json;

        Assert.Equal(84, view.At("shadow.reported.battery").GetInt32());
        Assert.Equal(42.3589, view.At("shadow.reported.location.latitude").GetDouble());
        Assert.Equal("IN_FLIGHT", view.StringAt("shadow.reported.status"));
        Assert.True(view.At("online").GetBoolean(), $"a drone that just sent telemetry is online: {view}");
        Assert.True(view.At("shadow.version").GetInt64() >= 1, $"the shadow version grows with the first report: {view}");
        Assert.Equal("drone", view.StringAt("kind"));
        Assert.Equal(drone, view.StringAt("id"));
    }

    [Fact]
    public async Task StatusMergesIntoTheShadowBesideTelemetry()
    {
        var drone = DroneIds.New("status");
        await using var client = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await client.PublishAsync($"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone));
        await client.PublishAsync($"/drone/{drone}/status", DroneExamples.StatusOf(drone));

        var view = (await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
            r => r.StatusCode == HttpStatusCode.OK && r.Json.Find("shadow.reported.hardware_health") is not null,
            $"{drone}'s shadow to show the status report", Gateway)).Json;

        var status = Fixtures.Object(DroneExamples.Status);
        Assert.True(JsonElement.DeepEquals(ToElement(status["hardware_health"]!.ToJsonString()), view.At("shadow.reported.hardware_health")), view.ToString());
        Assert.True(JsonElement.DeepEquals(ToElement(status["software_versions"]!.ToJsonString()), view.At("shadow.reported.software_versions")), view.ToString());
        // Status came last, so its values win where both report a field...
        Assert.Equal(98, view.At("shadow.reported.battery").GetInt32());
        Assert.Equal("READY", view.StringAt("shadow.reported.status"));
        // ...and telemetry-only fields stay: it is a merge, not a replacement.
        Assert.Equal(15.5, view.At("shadow.reported.speed").GetDouble());
        Assert.Equal("AUTONOMOUS", view.StringAt("shadow.reported.ai_status.navigation_mode"));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task AClientWithAnEmptyClientIdIsAccepted(MqttProtocolVersion version)
    {
        var drone = DroneIds.New("anonymous");
        await using var client = await MqttTestClient.ConnectAsync(Gateway.MqttPort, version, clientId: "");
        await client.PublishAsync($"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone));

        var view = (await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
            r => r.StatusCode == HttpStatusCode.OK, $"{drone} to be known", Gateway)).Json;
        Assert.Equal(84, view.At("shadow.reported.battery").GetInt32());
    }

    [Fact]
    public async Task ADroneNeverSeenIsAProblem404()
    {
        var response = await Gateway.Api.GetDeviceAsync(DroneIds.New("never-seen"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(404, response.Json.At("status").GetInt32());
    }

    private static JsonElement ToElement(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
