using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Drone;
using Xunit;

namespace Gateway.Tests.Protocols;

public sealed class DroneInputValidatorSpec
{
    [Theory]
    [InlineData(DroneExamples.Telemetry, DeviceChannel.Telemetry)]
    [InlineData(DroneExamples.Status, DeviceChannel.Status)]
    [InlineData(DroneExamples.Transcript, DeviceChannel.Transcript)]
    [InlineData(DroneExamples.AedDeployed, DeviceChannel.Events)]
    [InlineData("""{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001"}""", DeviceChannel.Events)]
    [InlineData("""{"battery":0,"status":"OFFLINE","extra":{"a":[1,2]}}""", DeviceChannel.Telemetry)]
    public void Accepts_the_documents_payloads(string json, string channel) =>
        Assert.NotEqual(InputAction.Reject, Interpret(channel, json).Action);

    [Theory]
    [InlineData("not json", DeviceChannel.Telemetry, "not valid JSON")]
    [InlineData("[1]", DeviceChannel.Telemetry, "not a JSON object")]
    [InlineData("""{"battery":84} trailing""", DeviceChannel.Telemetry, "not valid JSON")]
    [InlineData("""{"drone_id":"Bravo-1"}""", DeviceChannel.Telemetry, "drone_id 'Bravo-1' is not this device ('Alpha-3')")]
    [InlineData("""{"battery":"x"}""", DeviceChannel.Telemetry, "battery")]
    [InlineData("""{"battery":101}""", DeviceChannel.Status, "battery")]
    [InlineData("""{"location":{"latitude":95,"longitude":0}}""", DeviceChannel.Telemetry, "location.latitude")]
    [InlineData("""{"location":"here"}""", DeviceChannel.Telemetry, "location must be an object")]
    [InlineData("""{"status":"FLYING"}""", DeviceChannel.Telemetry, "status must be one of")]
    [InlineData("""{"mission_id":"M1"}""", DeviceChannel.Events, "event is required")]
    [InlineData("""{"event":""}""", DeviceChannel.Events, "event must not be empty")]
    [InlineData("""{"speaker":"DRONE"}""", DeviceChannel.Transcript, "text is required")]
    [InlineData("""{"text":"hi","speaker":"ROBOT"}""", DeviceChannel.Transcript, "speaker must be one of")]
    public void Rejects_with_a_reason(string json, string channel, string reason)
    {
        var plan = Interpret(channel, json);
        Assert.Equal(InputAction.Reject, plan.Action);
        Assert.Contains(reason, plan.Reason);
    }

    private static InputPlan Interpret(string channel, string json) =>
        new DroneProfile().Interpret(new DeviceKey("drone", null, "Alpha-3"), channel, null, DroneExamples.Utf8(json));
}
