using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>The desired side of the shadow, and the delta between it and what the drone reports.</summary>
[Collection(DevicesCollection.Name)]
public sealed class DesiredShadowTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task TheDeltaHoldsADesiredStatusUntilTheDroneReportsIt()
    {
        var drone = DroneIds.New("desired");
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await device.PublishAsync($"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone));
        await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone), r => r.StatusCode == HttpStatusCode.OK, $"{drone} to be known", Gateway);

        var put = await Gateway.Api.PutDesiredAsync(drone, """{"status":"READY"}""");

        Assert.True(put.StatusCode == HttpStatusCode.OK, put.ToString());
        Assert.Equal("READY", put.Json.StringAt("desired.status"));
        Assert.Equal("READY", put.Json.StringAt("delta.status"));
        Assert.Equal("IN_FLIGHT", put.Json.StringAt("reported.status"));
        var view = (await Gateway.Api.GetDeviceAsync(drone)).Json;
        Assert.Equal("READY", view.StringAt("shadow.desired.status"));
        Assert.Equal("READY", view.StringAt("shadow.delta.status"));
        Assert.Equal("IN_FLIGHT", view.StringAt("shadow.reported.status"));

        await device.PublishAsync($"/drone/{drone}/telemetry", DroneExamples.TelemetryOf(drone, t => t["status"] = "READY"));

        var settled = (await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
            r => r.Json.StringAt("shadow.reported.status") == "READY", $"{drone} to report READY", Gateway)).Json;
        Assert.Null(settled.Find("shadow.delta.status"));
        Assert.Equal("READY", settled.StringAt("shadow.desired.status"));
    }

    [Fact]
    public async Task ADesiredStateThatIsNotAJsonObjectIsAProblem400()
    {
        var response = await Gateway.Api.PutDesiredAsync(DroneIds.New("desired-invalid"), "[1, 2]");

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/problem+json", response.MediaType);
    }
}
