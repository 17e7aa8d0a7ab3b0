using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests.Families.Esp32;

/// <summary>
/// dese-esp32.md: "Commands have a default timeout of 30 seconds. If no response is received the
/// backend marks command as timeout; device should still send response". The host offers no way to
/// shorten that window for one process (only a handful of GATEWAY_* variables and the port and
/// persistence options override gateway.hocon), so this test waits the real 30 s, once, on a
/// gateway of its own so the wait overlaps the other collections.
/// </summary>
[Collection(Esp32TimeoutCollection.Name)]
public sealed class Esp32CommandTimeoutTests(GatewayFixture fixture)
{
    // 30 s window plus generous room for a loaded test machine; the outcome is asserted, not the time.
    private static readonly TimeSpan TimeoutDeadline = TimeSpan.FromSeconds(120);

    private GatewayProcess Gateway => fixture.Gateway;

    [Fact]
    public async Task ACommandNobodyAnswersTimesOutOnceAndALateResponseIsStillRecorded()
    {
        var device = Esp32Devices.New("esp32-timeout");
        var commandTopic = Esp32Devices.Topic(device, "commands");
        await using var board = await MosquittoSubscriber.StartAsync(Gateway.MqttPort, commandTopic);

        var posted = await Gateway.Api.PostCommandAsync(device, """{"command":"reboot"}""");
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, posted.ToString());
        var commandId = posted.Json.StringAt("command_id")!;
        // A caller that waits for the outcome hears the same timeout, as 504; both windows run side by side.
        var waiting = Gateway.Api.PostCommandAsync(device, """{"command":"reset_config"}""", wait: true);
        await board.WaitForAsync(m => m.StringField("command_id") == commandId, "the command on the board's commands topic");

        var timedOut = await Gateway.WaitForCommandStatusAsync(device, commandId, "timeout", TimeoutDeadline);
        Assert.Equal(1, timedOut.At("attempts").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.String, timedOut.At("settled_at").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, timedOut.At("late_acknowledged_at").ValueKind);

        var waited = await waiting.WaitAsync(TimeoutDeadline);
        Assert.True(waited.StatusCode == HttpStatusCode.GatewayTimeout, waited.ToString());
        Assert.Equal("timeout", waited.Json.StringAt("status"));

        await Mosquitto.PublishAsync(Gateway.MqttPort, Esp32Devices.Topic(device, "command_response"), Esp32Devices.ResponseTo(commandId));

        var late = (await Eventually.Until(() => Gateway.Api.GetCommandAsync(device, commandId),
            r => r.Json.Find("late_acknowledged_at")?.ValueKind == System.Text.Json.JsonValueKind.String,
            $"the late response to {commandId} to be recorded", Gateway)).Json;
        Assert.Equal("timeout", late.StringAt("status"));
        Assert.Equal(timedOut.StringAt("settled_at"), late.StringAt("settled_at"));
        Assert.Equal("on", late.StringAt("response.pump_state"));
    }
}
