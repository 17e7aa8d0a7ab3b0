using System.Net;
using Gateway.IntegrationTests.Collections;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// Commands are checked against the document before anything is sent: the example commands pass,
/// and a bad one is a 400 problem naming every bad field.
/// </summary>
[Collection(DevicesCollection.Name)]
public sealed class CommandValidationTests(GatewayFixture fixture)
{
    private GatewayProcess Gateway => fixture.Gateway;

    [Theory]
    [InlineData(DroneExamples.LaunchCommand)]
    [InlineData(DroneExamples.AbortCommand)]
    [InlineData(DroneExamples.VoiceSpeakCommand)]
    public async Task EveryExampleCommandIsAccepted(string example)
    {
        var response = await Gateway.Api.PostCommandAsync(DroneIds.New("example-command"), Fixtures.Text(example));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, response.ToString());
        Assert.Equal(Fixtures.Object(example)["command"]!.GetValue<string>(), response.Json.StringAt("command"));
    }

    public static TheoryData<string, string, string[]> InvalidCommands => new()
    {
        // case name, body, the fields the problem must name
        { "launch without destination", Fixtures.With(DroneExamples.LaunchCommand, c => c.Remove("destination")), ["destination"] },
        { "latitude out of range", Fixtures.With(DroneExamples.LaunchCommand, c => c["destination"]!["latitude"] = 123), ["destination.latitude"] },
        { "unknown command", Fixtures.With(DroneExamples.LaunchCommand, c => c["command"] = "FLY_TO_THE_MOON"), ["command"] },
        {
            "several bad fields at once",
            Fixtures.With(DroneExamples.LaunchCommand, c =>
            {
                c["destination"]!["latitude"] = 123;
                c["destination"]!["longitude"] = "west";
                c["return_to_base"] = "yes";
                c.Remove("mission_id");
            }),
            ["destination.latitude", "destination.longitude", "return_to_base", "mission_id"]
        },
    };

    [Theory]
    [MemberData(nameof(InvalidCommands))]
    public async Task AnInvalidCommandIsAProblem400NamingEachBadField(string name, string body, string[] fields)
    {
        var drone = DroneIds.New("invalid-command");
        var response = await Gateway.Api.PostCommandAsync(drone, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response}");
        Assert.Equal("application/problem+json", response.MediaType);
        var errors = response.Json.At("errors");
        foreach (var field in fields)
            Assert.True(errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0, $"{name}: the problem does not name '{field}': {response}");
        Assert.Equal(fields.Length, errors.EnumerateObject().Count());
        // Nothing was accepted, so the drone is still unknown.
        Assert.Equal(HttpStatusCode.NotFound, (await Gateway.Api.GetDeviceAsync(drone)).StatusCode);
    }
}
