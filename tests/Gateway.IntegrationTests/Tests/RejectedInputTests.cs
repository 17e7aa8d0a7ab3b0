using System.Net;
using System.Text.Json;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// Telemetry that breaks the document's rules is refused: it is announced on
/// gateway/rejected/drone, listed in the drone's view, and leaves the shadow as it was.
/// </summary>
[Collection(DevicesCollection.Name)]
public sealed class RejectedInputTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    public static TheoryData<string, string> InvalidTelemetry => new()
    {
        // case name, what the reason must mention
        { "battery-not-a-number", "battery" },
        { "not-json", "JSON" },
        { "drone-id-of-another-drone", "drone_id" },
    };

    [Theory]
    [MemberData(nameof(InvalidTelemetry))]
    public async Task InvalidTelemetryIsRejectedAndLeavesTheShadowUnchanged(string kind, string reasonMentions)
    {
        var drone = DroneIds.New("rejected");
        var topic = $"/drone/{drone}/telemetry";
        await using var observer = await MqttTestClient.ConnectAsync(Gateway.MqttPort);
        await observer.SubscribeAsync("gateway/rejected/drone");
        await using var device = await MqttTestClient.ConnectAsync(Gateway.MqttPort);

        await device.PublishAsync(topic, DroneExamples.TelemetryOf(drone));
        var before = (await Eventually.Until(() => Gateway.Api.GetDeviceAsync(drone),
            r => r.StatusCode == HttpStatusCode.OK, $"{drone} to be known", Gateway)).Json;

        await device.PublishAsync(topic, Payload(kind, drone));

        // The rejection is published by the drone's actor, so once it is seen the input has been handled.
        var rejection = (await observer.WaitForAsync(m => m.StringField("topic") == topic, $"a rejection for {topic}")).Json();
        var reason = rejection.StringAt("reason") ?? "";
        Assert.Contains(reasonMentions, reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"drone/{drone}", rejection.StringAt("device"));

        var after = (await Gateway.Api.GetDeviceAsync(drone)).Json;
        Assert.True(JsonElement.DeepEquals(before.At("shadow.reported"), after.At("shadow.reported")), $"the shadow changed: {before.At("shadow.reported")} -> {after.At("shadow.reported")}");
        Assert.Equal(before.At("shadow.version").GetInt64(), after.At("shadow.version").GetInt64());
        var listed = Assert.Single(after.At("recent_rejections").EnumerateArray());
        Assert.Equal(topic, listed.StringAt("topic"));
        Assert.Equal(reason, listed.StringAt("reason"));
    }

    private static string Payload(string kind, string drone) => kind switch
    {
        "battery-not-a-number" => DroneExamples.TelemetryOf(drone, t => t["battery"] = "x"),
        "not-json" => "battery=12, status=IN_FLIGHT",
        "drone-id-of-another-drone" => Fixtures.Text(DroneExamples.Telemetry),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
