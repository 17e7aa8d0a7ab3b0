using System.Text;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Tests.Protocols;
using Xunit;

namespace Gateway.Tests.Families;

/// <summary>
/// Commands a backend publishes on a device's command topic itself (the drone document's backend
/// publishes LAUNCH on /drone/{id}/command; ESP32 commands and Petal command topics alike) are
/// tracked as if submitted over HTTP: validated, journaled, retried by the gateway, settled by the
/// device's answer. The backend's publication is the first attempt, so the gateway does not send it again.
/// </summary>
public sealed class PublishedCommandSpec : DeviceHarness
{
    // The drone's acknowledgement window: the retry comes after it. A second, as the harness gives
    // ESP32 and Petal commands, so that a stalled test thread does not add an attempt between the
    // steps that count them.
    private static readonly string Launch = DroneExamples.Launch.Replace("\"expected_ack_timeout\": 5000", "\"expected_ack_timeout\": 1000");

    private object PublishedBy(string entityId, string topic, string payload, string publisher = "backend") =>
        Query<object>(entityId, new PublishedCommand(entityId, topic, Encoding.UTF8.GetBytes(payload), DateTimeOffset.UtcNow, publisher));

    [Fact]
    public void A_LAUNCH_a_backend_published_is_tracked_retried_by_the_gateway_with_its_command_id_and_settled_by_the_drones_answer()
    {
        const string drone = "drone/Pub-1";
        const string topic = "/drone/Pub-1/command";
        var command = Assert.IsType<CommandSubmitted>(PublishedBy(drone, topic, Launch)).Command;
        Assert.Equal("LAUNCH", command.Command);
        Assert.Equal("M-20251201-001", command.CorrelationId);
        Assert.Equal("backend", command.PublishedBy);
        var sent = Query<CommandView>(drone, new GetCommandStatus(drone, command.CommandId));
        Assert.Equal(CommandStatus.Sent, sent.Status);
        Assert.Single(sent.Attempts);

        // The first publication the gateway makes on the command topic is the retry, after the
        // 1 s window: the backend's own publication was the first attempt.
        var retry = Json(ExpectPublish(topic).Payload);
        Assert.Equal(command.CommandId, retry.GetProperty("command_id").GetString());
        Assert.Equal("LAUNCH", retry.GetProperty("command").GetString());
        Assert.Equal(2, Query<CommandView>(drone, new GetCommandStatus(drone, command.CommandId)).Attempts.Count);

        Publish("/drone/Pub-1/events", $$"""{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001","command_id":"{{command.CommandId}}"}""");
        var settled = Query<CommandView>(drone, new AwaitCommandSettled(drone, command.CommandId));
        Assert.Equal(CommandStatus.Acknowledged, settled.Status);
        Assert.Equal("backend", settled.PublishedBy);
        ExpectPublish(topic, m => m.Retain && m.Payload.IsEmpty);
    }

    [Fact]
    public void An_answer_without_a_command_id_settles_it_as_the_document_answers()
    {
        const string drone = "drone/Pub-2";
        var command = Assert.IsType<CommandSubmitted>(PublishedBy(drone, "drone/Pub-2/command", DroneExamples.Launch)).Command;
        Publish("/drone/Pub-2/events", """{"event":"LAUNCH_ACKNOWLEDGED","mission_id":"M-20251201-001"}""");
        Assert.Equal(CommandStatus.Acknowledged, Query<CommandView>(drone, new AwaitCommandSettled(drone, command.CommandId)).Status);
    }

    [Fact]
    public void The_command_id_a_backend_gives_is_kept_and_the_same_publication_seen_again_is_the_same_command()
    {
        const string drone = "drone/Pub-3";
        var withId = DroneExamples.Launch.Replace("\"command\": \"LAUNCH\",", "\"command\": \"LAUNCH\", \"command_id\": \"cmd-backend-7\",");
        var first = Assert.IsType<CommandSubmitted>(PublishedBy(drone, "/drone/Pub-3/command", withId)).Command;
        var again = Assert.IsType<CommandSubmitted>(PublishedBy(drone, "/drone/Pub-3/command", withId)).Command;
        Assert.Equal("cmd-backend-7", first.CommandId);
        Assert.Equal(first.CommandId, again.CommandId);
        Assert.Single(View(drone).PendingCommands);
    }

    [Fact]
    public void An_invalid_command_is_refused_on_the_rejection_topic_and_not_tracked()
    {
        const string drone = "drone/Pub-4";
        const string topic = "/drone/Pub-4/command";
        var invalid = Assert.IsType<CommandInvalid>(PublishedBy(drone, topic, """{"command":"LAUNCH","mission_id":"M-1"}"""));
        Assert.Contains(invalid.Errors, e => e.Field == "destination");

        var rejection = Json(ExpectPublish("gateway/rejected/drone").Payload);
        Assert.Equal(topic, rejection.GetProperty("topic").GetString());
        Assert.Contains("destination", rejection.GetProperty("reason").GetString());
        var view = View(drone);
        Assert.Empty(view.PendingCommands);
        Assert.Equal(topic, Assert.Single(view.RecentRejections).Topic);
    }

    [Fact]
    public void A_backends_ESP32_command_is_tracked_under_its_command_id_and_settled_by_the_command_response()
    {
        const string entity = "esp32/org-123/esp32-001";
        var command = Assert.IsType<CommandSubmitted>(PublishedBy(entity, "devices/org-123/esp32-001/commands", Fixture.Text("esp32/command.json"))).Command;
        Assert.Equal("cmd-1234567890-abc", command.CommandId);
        Publish("devices/org-123/esp32-001/command_response", Fixture.Text("esp32/command_response.json"));
        Assert.Equal("success", Query<CommandView>(entity, new AwaitCommandSettled(entity, command.CommandId)).Status);
    }

    [Fact]
    public void A_backends_Petal_command_is_tracked_under_its_messageId_and_settled_by_the_response()
    {
        const string robot = "petal/acme/robot-1";
        var command = Assert.IsType<CommandSubmitted>(PublishedBy(robot, "org/acme/device/robot-1/command", Fixture.Text("petal/command.json"))).Command;
        Assert.Equal("get_status", command.Command);
        Publish("org/acme/device/robot-1/response", Fixture.Text("petal/response.json").Replace("MESSAGE_ID", command.CommandId));
        Assert.Equal(CommandStatus.Acknowledged, Query<CommandView>(robot, new AwaitCommandSettled(robot, command.CommandId)).Outcome);
    }

    [Fact]
    public void A_command_published_for_an_ANC_thing_is_tracked_and_settled_by_its_response()
    {
        const string thing = "anc/anc-device-001";
        const string topic = "anc/devices/anc-device-001/commands";
        var command = Assert.IsType<CommandSubmitted>(PublishedBy(thing, topic, """{"command":"set_anc_mode","parameters":{"mode":"transparency"},"command_id":"anc-cmd-1"}""")).Command;
        Assert.Equal("anc-cmd-1", command.CommandId);
        Publish($"{topic}/response", """{"command_id":"anc-cmd-1","status":"success"}""");
        Assert.Equal(CommandStatus.Acknowledged, Query<CommandView>(thing, new AwaitCommandSettled(thing, "anc-cmd-1")).Status);
    }

    [Fact]
    public void Every_familys_command_topic_is_routed_as_a_command_and_covered_by_its_filters()
    {
        foreach (var topic in new[] { "/drone/A-1/command", "drone/A-1/command", "devices/org-1/esp-1/commands", "org/acme/device/robot-1/command", "anc/devices/anc-1/commands" })
        {
            Assert.True(Router.TryRoute(topic, out var route), topic);
            Assert.Equal(Gateway.Contracts.DeviceChannel.Command, route.Channel);
            Assert.Contains(route.Profile.TopicFilters, f => Gateway.Mqtt.TopicFilter.Matches(f, topic));
        }
    }
}
