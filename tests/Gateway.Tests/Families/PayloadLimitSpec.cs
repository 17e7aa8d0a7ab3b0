using System.Text;
using System.Text.Json;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Protocols;
using Gateway.Protocols.Validation;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>
/// Every family's payload limit (AWS IoT Core's 128 KiB, unless the family sets its own) and the
/// UTF-8 of its payloads, through the real router into device actors: a payload over the limit, or
/// whose bytes are not UTF-8, is refused the one way (gateway/rejected/{kind} with the reason, the
/// device's recent rejections), changes nothing, and the device's next good message is taken.
/// Petal's limit is 1 KiB here, so a family's own setting is seen to win over the default.
/// </summary>
public sealed class PayloadLimitSpec() : DeviceHarness($"gateway.families.petal.max-payload-bytes = {PetalLimit}")
{
    private const int PetalLimit = 1024;

    public static TheoryData<string, string, string, string, string?> Families => new()
    {
        // kind, device, topic, a good payload, the section of the reported state it lands in
        { "drone", "drone/Alpha-3", "/drone/Alpha-3/telemetry", DroneExamples.Telemetry, null },
        { "esp32", "esp32/org-123/esp32-001", "devices/org-123/esp32-001/telemetry", Fixture.Text("esp32/telemetry.json"), null },
        { "petal", "petal/acme/robot-1", "org/acme/device/robot-1/telemetry", Fixture.Text("petal/telemetry.json"), null },
        { "anc", "anc/anc-device-001", "anc/telemetry/anc-device-001/system", Fixture.Text("anc/system_metrics.json"), "system" },
        // The kit is named by the payload: it must still be read from a message that is refused.
        { "wardragon", "wardragon/wardragon-abc123", "wardragon/system", """{"kit_id":"wardragon-abc123","cpu_usage":12.5}""", null },
    };

    [Theory]
    [MemberData(nameof(Families))]
    public void A_payload_one_byte_over_its_familys_limit_is_refused_the_one_way_and_the_next_is_taken(string kind, string device, string topic, string good, string? section)
    {
        var limit = PayloadLimit.For(Sys.Settings.Config, kind);
        Assert.Equal(kind == "petal" ? PetalLimit : 128 * 1024, limit.MaxBytes);
        var before = Taken(device, topic, WithSeq(good, 1), section, 1);

        var tooLarge = Padded(WithSeq(good, 2), limit.MaxBytes + 1);
        Publish(topic, tooLarge);

        var setting = kind == "petal" ? "gateway.families.petal.max-payload-bytes" : "gateway.devices.max-payload-bytes";
        var reason = $"payload too large: {limit.MaxBytes + 1} bytes, over the {limit.MaxBytes}-byte limit ({setting})";
        AssertRefused(kind, device, topic, reason, before, section);
        Taken(device, topic, WithSeq(good, 3), section, 3);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void A_payload_that_is_not_utf8_is_refused_the_one_way_and_stored_nowhere(string kind, string device, string topic, string good, string? section)
    {
        var before = Taken(device, topic, WithSeq(good, 1), section, 1);

        // 0xC3 0x28: a two-byte sequence cut short, inside a string of an otherwise good payload.
        var open = good.IndexOf('{', StringComparison.Ordinal) + 1;
        byte[] notUtf8 = [.. Encoding.UTF8.GetBytes(good[..open] + "\"seq\":2,\"note\":\"caf"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"," + good[open..])];
        Publish(topic, notUtf8);

        AssertRefused(kind, device, topic, FieldMessages.PayloadNotUtf8, before, section);
        Assert.False(Reported(device, section).TryGetProperty("note", out _));
        Taken(device, topic, WithSeq(good, 3), section, 3);
    }

    [Fact]
    public void A_familys_own_limit_holds_for_it_alone()
    {
        var petal = Padded(WithSeq(Fixture.Text("petal/telemetry.json"), 1), PetalLimit);
        Taken("petal/acme/robot-1", "org/acme/device/robot-1/telemetry", petal, null, 1);
        // The same size and one byte more is the default's business for a drone.
        Taken("drone/Alpha-3", "/drone/Alpha-3/telemetry", Padded(WithSeq(DroneExamples.Telemetry, 1), PetalLimit + 1), null, 1);
    }

    [Fact]
    public void A_command_over_its_familys_limit_is_refused_whoever_sends_it()
    {
        var command = Padded("""{"command":"get_status"}""", PetalLimit + 1);
        var expected = $"{PayloadLimit.TooLarge}: {PetalLimit + 1} bytes, over the {PetalLimit}-byte limit (gateway.families.petal.max-payload-bytes)";

        var invalid = Assert.IsType<CommandInvalid>(Query<object>("petal/acme/robot-1", new SubmitCommand("petal/acme/robot-1", new RawJson(Encoding.UTF8.GetBytes(command)))));
        Assert.Equal(new FieldError("$", expected), Assert.Single(invalid.Errors));

        Publish("org/acme/device/robot-1/command", command);
        Assert.Equal($"$: {expected}", Json(ExpectPublish("gateway/rejected/petal").Payload).GetProperty("reason").GetString());
        Assert.Empty(Query<CommandList>("petal/acme/robot-1", new GetCommands("petal/acme/robot-1")).Commands);
    }

    /// <summary>Publishes a payload the device takes, and returns its view once <c>seq</c> shows it.</summary>
    private DeviceView Taken(string device, string topic, string payload, string? section, int seq)
    {
        Publish(topic, payload);
        var view = View(device);
        Assert.True(Reported(view, section).TryGetProperty("seq", out var stored) && stored.GetInt32() == seq, $"seq {seq} not in {view.Shadow.Reported}");
        return view;
    }

    private void AssertRefused(string kind, string device, string topic, string reason, DeviceView before, string? section)
    {
        var announced = Json(ExpectPublish($"gateway/rejected/{kind}").Payload);
        Assert.Equal(reason, announced.GetProperty("reason").GetString());
        Assert.Equal(topic, announced.GetProperty("topic").GetString());
        Assert.Equal(device, announced.GetProperty("device").GetString());
        var after = View(device);
        Assert.Contains(after.RecentRejections, r => r.Topic == topic && r.Reason == reason);
        Assert.Equal(before.Shadow.Version, after.Shadow.Version);
        Assert.Equal(1, Reported(after, section).GetProperty("seq").GetInt32());
    }

    private JsonElement Reported(string device, string? section) => Reported(View(device), section);

    private static JsonElement Reported(DeviceView view, string? section)
    {
        var reported = Json(view.Shadow.Reported);
        return section is null ? reported : reported.GetProperty(section);
    }

    /// <summary>The payload with <c>"seq": n</c> first, so which of them a shadow holds shows.</summary>
    private static string WithSeq(string json, int seq)
    {
        var open = json.IndexOf('{', StringComparison.Ordinal) + 1;
        return $"{json[..open]}\"seq\":{seq},{json[open..]}";
    }

    /// <summary>The payload with a <c>pad</c> string first, making it exactly <paramref name="bytes"/> long.</summary>
    private static string Padded(string json, int bytes)
    {
        var open = json.IndexOf('{', StringComparison.Ordinal) + 1;
        var around = Encoding.UTF8.GetByteCount(json) + "\"pad\":\"\",".Length;
        var padded = $"{json[..open]}\"pad\":\"{new string('p', bytes - around)}\",{json[open..]}";
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(padded));
        return padded;
    }
}
