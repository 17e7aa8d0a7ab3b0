using Xunit;

namespace Gateway.Tests.Security;

/// <summary>examples/security/skyrescue.acl against the three AWS IoT policies of skyrescue-drones.md, in both topic spellings.</summary>
public sealed class SkyRescuePolicySpec
{
    private static readonly Gateway.Mqtt.Security.AccessPolicy Policy = ExamplePolicies.SkyRescue;
    public static readonly TheoryData<string> Roots = new() { "/drone", "drone" };

    [Theory]
    [MemberData(nameof(Roots))]
    public void A_drone_publishes_its_own_telemetry_transcript_events_and_status_only(string root)
    {
        foreach (var channel in new[] { "telemetry", "voice/transcript", "events", "status" })
            Assert.True(Policy.CanPublish("Alpha-3", "alpha-3-fc", $"{root}/Alpha-3/{channel}").Allowed, channel);
        Assert.False(Policy.CanPublish("Alpha-3", "alpha-3-fc", $"{root}/Bravo-1/telemetry").Allowed);
        Assert.False(Policy.CanPublish("Alpha-3", "alpha-3-fc", $"{root}/Alpha-3/command").Allowed);
        Assert.False(Policy.CanPublish("Alpha-3", "alpha-3-fc", $"{root}/Bravo-1/command").Allowed);
        Assert.False(Policy.CanPublish("Alpha-3", "alpha-3-fc", "gateway/drone/Alpha-3/state").Allowed);
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void A_drone_subscribes_to_its_own_command_topic_only(string root)
    {
        Assert.True(Policy.CanSubscribe("Alpha-3", "alpha-3-fc", $"{root}/Alpha-3/command").Allowed);
        Assert.False(Policy.CanSubscribe("Alpha-3", "alpha-3-fc", $"{root}/Bravo-1/command").Allowed);
        Assert.False(Policy.CanSubscribe("Alpha-3", "alpha-3-fc", $"{root}/+/command").Allowed);
        Assert.False(Policy.CanSubscribe("Alpha-3", "alpha-3-fc", $"{root}/#").Allowed);
        Assert.False(Policy.CanSubscribe("Alpha-3", "alpha-3-fc", $"{root}/Alpha-3/telemetry").Allowed);
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void The_dispatcher_reads_every_drones_telemetry_transcripts_and_events_and_publishes_nothing(string root)
    {
        foreach (var filter in new[] { $"{root}/+/telemetry", $"{root}/+/voice/transcript", $"{root}/+/events", $"{root}/Alpha-3/telemetry" })
            Assert.True(Policy.CanSubscribe("dispatcher", "dispatcher-console-001", filter).Allowed, filter);
        Assert.False(Policy.CanSubscribe("dispatcher", "dispatcher-console-001", $"{root}/+/command").Allowed);
        Assert.False(Policy.CanSubscribe("dispatcher", "dispatcher-console-001", $"{root}/+/status").Allowed);
        Assert.False(Policy.CanSubscribe("dispatcher", "dispatcher-console-001", $"{root}/#").Allowed);
        foreach (var topic in new[] { $"{root}/Alpha-3/command", $"{root}/Alpha-3/telemetry", $"{root}/dispatcher/telemetry", $"{root}/dispatcher/events", "gateway/drone/Alpha-3/state" })
            Assert.False(Policy.CanPublish("dispatcher", "dispatcher-console-001", topic).Allowed, topic);
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void The_dispatchers_own_drone_topics_are_denied_so_its_subscriptions_check_each_message(string root)
    {
        var decision = Policy.CanSubscribe("dispatcher", "dispatcher-console-001", $"{root}/+/telemetry");
        Assert.True(decision.CheckEachMessage);
        Assert.True(Policy.CanReceive("dispatcher", "dispatcher-console-001", $"{root}/Alpha-3/telemetry").Allowed);
        Assert.False(Policy.CanReceive("dispatcher", "dispatcher-console-001", $"{root}/dispatcher/telemetry").Allowed);
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void The_backend_commands_any_drone_and_reads_telemetry_and_events_not_transcripts(string root)
    {
        Assert.True(Policy.CanPublish("backend", "dispatcher-backend", $"{root}/Alpha-3/command").Allowed);
        Assert.True(Policy.CanPublish("backend", "dispatcher-backend", $"{root}/Bravo-1/command").Allowed);
        Assert.True(Policy.CanSubscribe("backend", "dispatcher-backend", $"{root}/+/telemetry").Allowed);
        Assert.True(Policy.CanSubscribe("backend", "dispatcher-backend", $"{root}/+/events").Allowed);
        Assert.False(Policy.CanSubscribe("backend", "dispatcher-backend", $"{root}/+/voice/transcript").Allowed);
        Assert.False(Policy.CanPublish("backend", "dispatcher-backend", $"{root}/Alpha-3/telemetry").Allowed);
        Assert.False(Policy.CanPublish("backend", "dispatcher-backend", $"{root}/backend/telemetry").Allowed);
    }

    [Theory]
    [InlineData("Alpha-3")]
    [InlineData("dispatcher")]
    [InlineData("backend")]
    [InlineData(null)]
    public void Nobody_but_the_gateway_publishes_on_gateway_topics(string? identity)
    {
        Assert.False(Policy.CanPublish(identity, "someone", "gateway/drone/Alpha-3/state").Allowed);
        Assert.False(Policy.CanPublish(identity, "someone", "gateway/rejected/drone").Allowed);
        Assert.True(Policy.CanPublish("gateway", "gateway-node-1", "gateway/drone/Alpha-3/state").Allowed);
    }

    [Fact]
    public void The_gateway_ingests_every_drone_topic_through_shared_subscriptions_and_sends_commands()
    {
        foreach (var filter in Gateway.Protocols.Drone.DroneTopics.Filters)
            Assert.True(Policy.CanSubscribe("gateway", "gateway-node-1", $"$share/gateway/{filter}").Allowed, filter);
        Assert.True(Policy.CanPublish("gateway", "gateway-node-1", Gateway.Protocols.Drone.DroneTopics.Command("Alpha-3")).Allowed);
        Assert.False(Policy.CanPublish("gateway", "gateway-node-1", "/drone/Alpha-3/telemetry").Allowed);
    }
}
