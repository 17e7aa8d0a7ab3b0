using System.Text;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Infrastructure;
using Gateway.IntegrationTests.Tests.Families.Esp32;
using Gateway.IntegrationTests.Tests.Families.Petal;
using Gateway.IntegrationTests.Tests.Families.WarDragon;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// Every family's payload limit (AWS IoT Core's 128 KiB unless the family sets its own; Petal's is
/// 4 KiB on this gateway) and the UTF-8 of its payloads, from real MQTT clients: a payload one byte
/// over its family's limit (sent by mosquitto_pub from a file) and one whose bytes are not UTF-8
/// (sent as bytes) are refused the one way, change nothing, and the device's next message is taken.
/// </summary>
public sealed class BoundedPayloadTests(BoundedPayloadTests.LimitedGateway fixture) : IClassFixture<BoundedPayloadTests.LimitedGateway>
{
    private const int DefaultLimit = 128 * 1024, PetalLimit = 4 * 1024;

    /// <summary>One gateway for the class, with Petal's own limit; every test uses devices of its own.</summary>
    public sealed class LimitedGateway() : ConfiguredGatewayFixture("payloads", $"gateway.families.petal.max-payload-bytes = {PetalLimit}");

    private GatewayProcess Process => fixture.Gateway;

    /// <summary>A device of each family: its route, the topic it reports on, its report with <c>seq</c> set, and where <c>seq</c> lands in its view.</summary>
    private sealed record Reporter(DeviceRoute Route, string Topic, Func<int, JsonObject> Report, string SeqPath);

    private static Reporter Family(string kind)
    {
        switch (kind)
        {
            case "drone":
                var drone = DeviceIds.New("bounded");
                return new(DeviceRoute.Of("drone", drone), $"/drone/{drone}/telemetry",
                    seq => JsonNode.Parse(DroneExamples.TelemetryOf(drone, t => t["seq"] = seq))!.AsObject(), "shadow.reported.seq");
            case "esp32":
                var board = Esp32Devices.New("bounded");
                return new(board, Esp32Devices.Topic(board, "telemetry"),
                    seq => JsonNode.Parse(Esp32Devices.TelemetryOf(board, t => t["seq"] = seq))!.AsObject(), "shadow.reported.seq");
            case "petal":
                var robot = PetalRobots.Route(DeviceIds.New("bounded"));
                return new(robot, PetalRobots.Topic(robot, "telemetry"),
                    seq => WithSeq(Fixtures.Object(FamilyExamples.Petal.Telemetry), seq), "shadow.reported.seq");
            case "wardragon":
                // The kit is named by the payload, so it must still be read from the messages refused.
                var kit = DeviceIds.New("bounded-kit");
                return new(WarDragonKits.Route(kit), "wardragon/system",
                    seq => new JsonObject { ["kit_id"] = kit, ["cpu_usage"] = 12.5, ["seq"] = seq }, "shadow.reported.seq");
            case "anc":
                var thing = DeviceIds.New("bounded-anc");
                return new(DeviceRoute.Of("anc", thing), $"anc/telemetry/{thing}/system",
                    seq => new JsonObject { ["battery_level"] = 85, ["seq"] = seq }, "shadow.reported.system.seq");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    [Theory]
    [InlineData("drone")]
    [InlineData("esp32")]
    [InlineData("petal")]
    [InlineData("wardragon")]
    [InlineData("anc")]
    public async Task A128KilobytePlusOnePayloadAndOneThatIsNotUtf8AreRefusedAndTheNextIsTaken(string kind)
    {
        var device = Family(kind);
        var (limit, setting) = kind == "petal" ? (PetalLimit, "gateway.families.petal.max-payload-bytes") : (DefaultLimit, "gateway.devices.max-payload-bytes");
        await using var watcher = await MqttTestClient.ConnectAsync(Process.MqttPort);
        await watcher.SubscribeAsync($"gateway/rejected/{kind}");
        await using var client = await MqttTestClient.ConnectAsync(Process.MqttPort);
        await client.PublishAsync(device.Topic, device.Report(1).ToJsonString());
        var before = await Process.WaitForDeviceAsync(device.Route, v => v.Find(device.SeqPath)?.GetInt32() == 1, "the first report");

        // 128 KiB and one byte, from a file, as an operator would send it with mosquitto_pub -f.
        var tooLarge = Padded(device.Report(2), DefaultLimit + 1);
        var file = Path.Combine(Directory.CreateTempSubdirectory("gateway-it-payload-").FullName, "too-large.json");
        await File.WriteAllBytesAsync(file, tooLarge);
        await Mosquitto.PublishFileAsync(Process.MqttPort, device.Topic, file, qos: 1);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        var sizeReason = RejectionAsserts.AssertAnnounced(await watcher.WaitForAsync(m => m.Topic == $"gateway/rejected/{kind}", $"the refusal of {DefaultLimit + 1} bytes"),
            kind, device.Topic, device.Route.EntityId, $"payload too large: {DefaultLimit + 1} bytes, over the {limit}-byte limit ({setting})");

        // 0xC3 0x28: a two-byte sequence cut short, in a string of an otherwise good report.
        var report = device.Report(3).ToJsonString();
        byte[] notUtf8 = [.. Encoding.UTF8.GetBytes("{\"note\":\"caf"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"," + report[1..])];
        await client.PublishAsync(device.Topic, notUtf8);
        var refusals = await watcher.WaitForCountAsync(m => m.Topic == $"gateway/rejected/{kind}", 2, "the refusal of bytes that are not UTF-8");
        var textReason = RejectionAsserts.AssertAnnounced(refusals[1], kind, device.Topic, device.Route.EntityId, "payload is not valid JSON: it is not UTF-8");

        var after = (await Process.Api.GetDeviceAsync(device.Route)).Json;
        RejectionAsserts.AssertListed(after, device.Topic, sizeReason);
        RejectionAsserts.AssertListed(after, device.Topic, textReason);
        JsonAssert.Same(before.At("shadow.reported"), after.At("shadow.reported"), "the reported state after the refusals");
        Assert.Equal(before.At("shadow.version").GetInt64(), after.At("shadow.version").GetInt64());

        await client.PublishAsync(device.Topic, device.Report(4).ToJsonString());
        var next = await Process.WaitForDeviceAsync(device.Route, v => v.Find(device.SeqPath)?.GetInt32() == 4, "the next report");
        Assert.Null(next.Find(device.SeqPath.Replace("seq", "note")));
    }

    [Fact]
    public async Task AFamilysOwnLimitHoldsForItAlone()
    {
        var robot = Family("petal");
        var drone = Family("drone");
        await using var client = await MqttTestClient.ConnectAsync(Process.MqttPort);

        await client.PublishAsync(robot.Topic, Padded(robot.Report(1), PetalLimit));
        await client.PublishAsync(drone.Topic, Padded(drone.Report(1), PetalLimit + 1));

        await Process.WaitForDeviceAsync(robot.Route, v => v.Find(robot.SeqPath)?.GetInt32() == 1, $"a Petal report of exactly {PetalLimit} bytes");
        await Process.WaitForDeviceAsync(drone.Route, v => v.Find(drone.SeqPath)?.GetInt32() == 1, $"a drone report of {PetalLimit + 1} bytes");
    }

    private static JsonObject WithSeq(JsonObject report, int seq)
    {
        report["seq"] = seq;
        return report;
    }

    /// <summary>The report with a <c>pad</c> string making it exactly <paramref name="bytes"/> long.</summary>
    private static byte[] Padded(JsonObject report, int bytes)
    {
        report["pad"] = "";
        var missing = bytes - Encoding.UTF8.GetByteCount(report.ToJsonString());
        report["pad"] = new string('p', missing);
        var padded = Encoding.UTF8.GetBytes(report.ToJsonString());
        Assert.Equal(bytes, padded.Length);
        return padded;
    }
}
