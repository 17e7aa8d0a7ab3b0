using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Esp32;

/// <summary>
/// The desired state is the board's configuration: a PUT is pushed to devices/{org}/{device}/config
/// in the document's config message shape, and only the document's configurable parameters are taken.
/// </summary>
[Collection(Esp32Collection.Name)]
public sealed class Esp32ConfigTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task DesiredStateIsPushedToTheBoardAsItsConfigMessage()
    {
        var device = Esp32Devices.New("esp32-config");
        var configTopic = Esp32Devices.Topic(device, "config");
        await using var board = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, configTopic);

        var put = await Gateway.Api.PutDesiredAsync(device, """{"telemetry_interval":30000}""");

        Assert.True(put.StatusCode == HttpStatusCode.OK, put.ToString());
        JsonAssert.Same("""{"telemetry_interval":30000}""", put.Json.At("desired"), "the desired state answered");
        var pushed = await board.WaitForAsync(m => m.Topic == configTopic, "the config message");
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, pushed.QualityOfService);
        var message = pushed.Json();
        Assert.Equal(device.Id, message.StringAt("device_id"));
        JsonAssert.Same("""{"telemetry_interval":30000}""", message.At("config"), "the pushed config");
        Assert.True(DateTimeOffset.TryParse(message.StringAt("timestamp"), out _), $"no ISO 8601 timestamp: {pushed}");

        // Each push carries the whole configuration, so a board that missed one still ends up right.
        var calibration = Fixtures.Object(FamilyExamples.Esp32.Config)["config"]!["sensor_calibration"]!.ToJsonString();
        var second = await Gateway.Api.PutDesiredAsync(device, $$"""{"mqtt_keepalive":60,"sensor_calibration":{{calibration}}}""");
        Assert.True(second.StatusCode == HttpStatusCode.OK, second.ToString());
        var whole = await board.WaitForAsync(m => m.Topic == configTopic && m.Json().Find("config.mqtt_keepalive") is not null, "the second config message");
        JsonAssert.Same(Fixtures.Object(FamilyExamples.Esp32.Config)["config"]!.ToJsonString(), whole.Json().At("config"),
            "the config after two updates (the document's own config example)");
    }

    public static TheoryData<string, string> InvalidConfig => new()
    {
        // body, the field the 400 must name
        { """{"telemetry_interval":30000,"colour":"blue"}""", "colour" },
        { """{"telemetry_interval":"every thirty seconds"}""", "telemetry_interval" },
        { """{"mqtt_keepalive":70000}""", "mqtt_keepalive" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfig))]
    public async Task AConfigTheDocumentDoesNotAllowIsRefusedNamingTheKey(string body, string field)
    {
        var device = Esp32Devices.New("esp32-bad-config");

        var put = await Gateway.Api.PutDesiredAsync(device, body);

        Assert.True(put.StatusCode == HttpStatusCode.BadRequest, put.ToString());
        Assert.True(put.Json.At("errors").TryGetProperty(field, out _), $"the answer does not name '{field}': {put}");
    }
}
