using System.Net;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using Xunit;

namespace Gateway.IntegrationTests.Tests;

/// <summary>
/// The journal's PostgreSQL stops under a running gateway (a real server, stopped and started by
/// the test): readiness turns 503 and says why, HTTP writes answer 503 with Retry-After, a QoS 1
/// device message is answered as not taken (so the device sends it again); when PostgreSQL is back
/// the gateway takes writes again by itself, and everything it acknowledged before is there.
/// </summary>
public sealed class JournalOutageTests
{
    private const string Database = "outage";
    private static readonly TimeSpan Seconds = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task APostgresOutageIsRefusedOpenlyAndRecoveredFromWithNothingAcknowledgedLost()
    {
        await using var postgres = await PostgresServer.StartAsync(Database);
        await using var gateway = await GatewayProcess.StartAsync("outage", ["--persistence", "postgres", "--connection-string", postgres.ConnectionString(Database)]);
        var drone = DroneIds.New("outage");
        var events = $"/drone/{drone}/events";
        await using var device = await MqttTestClient.ConnectAsync(gateway.MqttPort);

        await device.PublishAsync(events, Event(1));
        var accepted = await gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(60_000));
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, accepted.ToString());
        var commandId = accepted.Json.StringAt("command_id")!;
        var desired = await gateway.Api.PutDesiredAsync(drone, """{"max_altitude":120}""");
        Assert.True(desired.StatusCode == HttpStatusCode.OK, desired.ToString());

        await postgres.StopAsync();

        var notReady = await Eventually.Until(() => gateway.Api.GetAsync("readyz"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable,
            "/readyz to turn 503 once PostgreSQL is stopped", gateway, Seconds);
        Assert.StartsWith("unavailable since", notReady.Json.StringAt("checks.journal"));

        var refusedCommand = await gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(60_000, "M-20251201-002"));
        AssertRetryLater(refusedCommand, "a command while the journal is down");
        AssertRetryLater(await gateway.Api.PutDesiredAsync(drone, """{"max_altitude":90}"""), "a desired state while the journal is down");
        var refusedEvent = await device.PublishForResultAsync(events, Event(2));
        Assert.True(refusedEvent.ReasonCode == MqttClientPublishReasonCode.UnspecifiedError,
            $"a QoS 1 event while the journal is down was answered {refusedEvent.ReasonCode} {refusedEvent.ReasonString}");
        Assert.Contains("journal is unavailable", refusedEvent.ReasonString);

        await postgres.StartAgainAsync();

        await Eventually.Until(() => gateway.Api.GetAsync("readyz"), r => r.StatusCode == HttpStatusCode.OK,
            "/readyz to turn 200 by itself once PostgreSQL is back", gateway);
        // As a device and a client would: send again what was refused, until it is taken.
        await Eventually.Until(() => device.PublishForResultAsync(events, Event(2)), r => r.IsSuccess, "the event sent again to be taken", gateway);
        var again = await Eventually.Until(() => gateway.Api.PostCommandAsync(drone, DroneExamples.LaunchWithAckTimeout(60_000, "M-20251201-002")),
            r => r.StatusCode == HttpStatusCode.Accepted, "the command sent again to be accepted", gateway);

        var view = (await gateway.Api.GetDeviceAsync(drone)).Json;
        var sequences = view.At("recent_events").EnumerateArray().Select(e => e.At("payload").At("sequence").GetInt32()).ToHashSet();
        Assert.True(sequences.SetEquals([1, 2]), $"events {string.Join(",", sequences)} after the outage\n{gateway.LogTail()}");
        Assert.Equal(120, view.At("shadow.desired.max_altitude").GetInt32());
        foreach (var id in new[] { commandId, again.Json.StringAt("command_id")! })
        {
            var command = await gateway.Api.GetCommandAsync(drone, id);
            Assert.True(command.StatusCode == HttpStatusCode.OK, $"command {id} after the outage: {command}");
        }
        Assert.Contains("The journal does not answer", gateway.Logs);
        Assert.Contains("The journal answers again", gateway.Logs);
    }

    private static void AssertRetryLater(ApiResponse response, string what)
    {
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {response}");
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.True(response.RetryAfter is { TotalSeconds: > 0 }, $"{what} carries no Retry-After: {response}");
    }

    private static string Event(int sequence) =>
        new JsonObject { ["event"] = "AED_DEPLOYED", ["mission_id"] = "M-20251201-001", ["timestamp"] = "2025-12-01T14:23:16Z", ["sequence"] = sequence }.ToJsonString();
}
