using System.Text.Json;
using Gateway.Protocols.Drone;
using Xunit;

namespace Gateway.Tests.Protocols;

public sealed class DroneCommandValidatorSpec
{
    private static readonly Gateway.Contracts.DeviceKey Drone = new("drone", null, "Alpha-3");

    [Theory]
    [InlineData(DroneExamples.Launch, "LAUNCH", "M-20251201-001", 5000)]
    [InlineData(DroneExamples.Abort, "ABORT", "M-20251201-001", null)]
    [InlineData(DroneExamples.VoiceSpeak, "VOICE_SPEAK", "M-20251201-001", null)]
    [InlineData(DroneExamples.ReturnToBase, "RETURN_TO_BASE", "TEST-001", null)]
    [InlineData("""{"command":"EMERGENCY_LAND","reason":"bird strike"}""", "EMERGENCY_LAND", null, null)]
    [InlineData("""{"command":"UPDATE_ROUTE","mission_id":"M1","waypoints":[{"latitude":1,"longitude":2,"altitude":30}]}""", "UPDATE_ROUTE", "M1", null)]
    [InlineData("""{"command":"UPDATE_ROUTE","mission_id":"M1","destination":{"latitude":1,"longitude":2}}""", "UPDATE_ROUTE", "M1", null)]
    [InlineData("""{"command":"VOICE_MUTE"}""", "VOICE_MUTE", null, null)]
    [InlineData("""{"command":"VOICE_UNMUTE","mission_id":"M1"}""", "VOICE_UNMUTE", "M1", null)]
    public void Accepts_the_documents_commands(string json, string command, string? missionId, int? ackTimeout)
    {
        var result = DroneCommandValidator.Validate(Drone, DroneExamples.Utf8(json));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(command, result.Command);
        Assert.Equal(missionId, result.CorrelationId);
        Assert.Equal(ackTimeout, result.AckTimeoutMs);
    }

    [Theory]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1"}""", "destination")]
    [InlineData("""{"command":"LAUNCH","destination":{"latitude":1,"longitude":2}}""", "mission_id")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":123,"longitude":2}}""", "destination.latitude")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":1,"longitude":-181}}""", "destination.longitude")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":"42","longitude":2}}""", "destination.latitude")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":1}}""", "destination.longitude")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":[1,2]}""", "destination")]
    [InlineData("""{"command":"LAUNCH","mission_id":7,"destination":{"latitude":1,"longitude":2}}""", "mission_id")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":1,"longitude":2},"return_to_base":"yes"}""", "return_to_base")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":1,"longitude":2},"expected_ack_timeout":5}""", "expected_ack_timeout")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":1,"longitude":2},"timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"command":"LAUNCH","mission_id":"M1","destination":{"latitude":1,"longitude":2},"command_id":"not ok/x"}""", "command_id")]
    [InlineData("""{"command":"FLY_TO_MOON"}""", "command")]
    [InlineData("""{"mission_id":"M1"}""", "command")]
    [InlineData("""{"command":"VOICE_SPEAK","mission_id":"M1"}""", "text")]
    [InlineData("""{"command":"VOICE_SPEAK","mission_id":"M1","text":"hi","language":"xx"}""", "language")]
    [InlineData("""{"command":"UPDATE_ROUTE","mission_id":"M1"}""", "destination")]
    [InlineData("""{"command":"UPDATE_ROUTE","mission_id":"M1","waypoints":[{"latitude":91,"longitude":0}]}""", "waypoints[0].latitude")]
    [InlineData("""{"command":"ABORT"}""", "mission_id")]
    [InlineData("""[1,2]""", "$")]
    [InlineData("""{"command":""", "$")]
    public void Names_each_bad_field(string json, string field)
    {
        var result = DroneCommandValidator.Validate(Drone, DroneExamples.Utf8(json));
        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void Reports_every_error_not_just_the_first()
    {
        var result = DroneCommandValidator.Validate(Drone, """{"command":"LAUNCH","destination":{"latitude":100}}"""u8);
        Assert.Equal(["destination.latitude", "destination.longitude", "mission_id"], result.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void The_published_payload_is_the_command_with_the_gateways_command_id()
    {
        var now = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var payload = new DroneProfile().BuildCommandPayload(new Gateway.Contracts.DeviceKey("drone", null, "Alpha-3"), DroneExamples.Utf8(DroneExamples.Launch), "abc123", now);
        using var doc = JsonDocument.Parse(payload);
        var root = doc.RootElement;
        Assert.Equal("abc123", root.GetProperty("command_id").GetString());
        Assert.Equal("2025-12-01T14:23:15Z", root.GetProperty("timestamp").GetString());
        Assert.Equal(42.3601, root.GetProperty("destination").GetProperty("latitude").GetDouble());
        Assert.Equal("EMERGENCY", root.GetProperty("priority").GetString());

        var stamped = new DroneProfile().BuildCommandPayload(new Gateway.Contracts.DeviceKey("drone", null, "Alpha-3"), """{"command":"VOICE_MUTE"}"""u8, "x", now);
        using var stampedDoc = JsonDocument.Parse(stamped);
        Assert.Equal("2026-01-02T03:04:05.000Z", stampedDoc.RootElement.GetProperty("timestamp").GetString());
    }
}
