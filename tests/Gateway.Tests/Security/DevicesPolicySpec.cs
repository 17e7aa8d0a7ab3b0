using Gateway.Protocols.Anc;
using Gateway.Protocols.Esp32;
using Gateway.Protocols.Petal;
using Gateway.Protocols.WarDragon;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>examples/security/devices.acl: each ESP32 board, Petal robot and ANC thing confined to its own topics.</summary>
public sealed class DevicesPolicySpec
{
    private static readonly Gateway.Mqtt.Security.AccessPolicy Policy = ExamplePolicies.Devices;
    private const string Board = "org-123.esp32-001";

    [Theory]
    [InlineData("telemetry")]
    [InlineData("status")]
    [InlineData("command_response")]
    [InlineData("alert")]
    public void An_esp32_board_publishes_its_own_topics_and_not_another_organizations(string channel)
    {
        Assert.True(Policy.CanPublish(Board, "esp32-001", $"devices/org-123/esp32-001/{channel}").Allowed);
        Assert.False(Policy.CanPublish(Board, "esp32-001", $"devices/org-999/esp32-001/{channel}").Allowed);
        Assert.False(Policy.CanPublish(Board, "esp32-001", $"devices/org-123/esp32-002/{channel}").Allowed);
    }

    [Fact]
    public void An_esp32_board_reads_its_own_commands_and_config_and_nothing_of_another_organization()
    {
        Assert.True(Policy.CanSubscribe(Board, "esp32-001", Esp32Topics.Commands("org-123", "esp32-001")).Allowed);
        Assert.True(Policy.CanSubscribe(Board, "esp32-001", Esp32Topics.Config("org-123", "esp32-001")).Allowed);
        foreach (var filter in new[] { "devices/org-999/esp32-001/commands", "devices/org-999/#", "devices/+/esp32-001/commands", "devices/org-123/+/commands", "devices/org-999/esp32-001/telemetry" })
            Assert.False(Policy.CanSubscribe(Board, "esp32-001", filter).Allowed, filter);
        Assert.False(Policy.CanPublish(Board, "esp32-001", Esp32Topics.Commands("org-123", "esp32-001")).Allowed);
        Assert.False(Policy.CanPublish(Board, "esp32-001", Esp32Topics.Config("org-123", "esp32-001")).Allowed);
    }

    [Fact]
    public void A_petal_robot_is_confined_to_its_own_topics()
    {
        Assert.True(Policy.CanPublish("acme.robot-1", "petal-robot-1", "org/acme/device/robot-1/telemetry").Allowed);
        Assert.True(Policy.CanPublish("acme.robot-1", "petal-robot-1", "org/acme/device/robot-1/response").Allowed);
        Assert.True(Policy.CanSubscribe("acme.robot-1", "petal-robot-1", PetalTopics.Command("acme", "robot-1")).Allowed);
        Assert.False(Policy.CanPublish("acme.robot-1", "petal-robot-1", PetalTopics.Command("acme", "robot-1")).Allowed);
        Assert.False(Policy.CanPublish("acme.robot-1", "petal-robot-1", "org/acme/device/robot-2/telemetry").Allowed);
        Assert.False(Policy.CanPublish("acme.robot-1", "petal-robot-1", "org/globex/device/robot-1/telemetry").Allowed);
        Assert.False(Policy.CanSubscribe("acme.robot-1", "petal-robot-1", "org/acme/device/+/command").Allowed);
    }

    [Fact]
    public void An_anc_thing_asks_for_its_own_shadow_and_only_the_gateway_answers()
    {
        Assert.True(Policy.CanPublish("anc-device-001", "anc-device-001", "$aws/things/anc-device-001/shadow/update").Allowed);
        Assert.True(Policy.CanPublish("anc-device-001", "anc-device-001", "$aws/things/anc-device-001/shadow/name/config/get").Allowed);
        Assert.True(Policy.CanSubscribe("anc-device-001", "anc-device-001", "$aws/things/anc-device-001/shadow/#").Allowed);
        Assert.False(Policy.CanPublish("anc-device-001", "anc-device-001", "$aws/things/anc-device-001/shadow/update/accepted").Allowed);
        Assert.False(Policy.CanPublish("anc-device-001", "anc-device-001", "$aws/things/anc-device-002/shadow/update").Allowed);
        Assert.True(Policy.CanPublish("anc-device-001", "anc-device-001", "anc/telemetry/anc-device-001/audio").Allowed);
        Assert.False(Policy.CanPublish("anc-device-001", "anc-device-001", "anc/devices/anc-device-001/commands").Allowed);
        Assert.True(Policy.CanSubscribe("anc-device-001", "anc-device-001", "anc/devices/anc-device-001/commands").Allowed);
        Assert.True(Policy.CanPublish("anc-device-001", "anc-device-001", "anc/devices/anc-device-001/commands/response").Allowed);
        Assert.False(Policy.CanPublish("anc-device-001", "anc-device-001", "anc/devices/anc-device-002/commands/response").Allowed);
        Assert.True(Policy.CanPublish("gateway", "gateway-node-1", $"{AncTopics.ShadowRoot("anc-device-001", null)}/update/accepted").Allowed);
    }

    [Fact]
    public void Only_the_gateway_publishes_commands_config_and_gateway_topics()
    {
        foreach (var identity in new[] { Board, "acme.robot-1", "wardragon", "anc-device-001" })
        {
            Assert.False(Policy.CanPublish(identity, "x", "gateway/esp32/org-123/esp32-001/state").Allowed, identity);
            Assert.False(Policy.CanPublish(identity, "x", Esp32Topics.Commands("org-999", "esp32-001")).Allowed, identity);
            Assert.False(Policy.CanPublish(identity, "x", PetalTopics.Command("acme", "robot-1")).Allowed, identity);
        }
        Assert.True(Policy.CanPublish("gateway", "gateway-node-1", "gateway/esp32/org-123/esp32-001/state").Allowed);
        Assert.True(Policy.CanPublish("gateway", "gateway-node-1", Esp32Topics.Config("org-999", "esp32-001")).Allowed);
        Assert.True(Policy.CanPublish("gateway", "gateway-node-1", PetalTopics.Command("acme", "robot-1")).Allowed);
    }

    [Fact]
    public void The_gateway_may_share_subscribe_to_every_familys_device_filters()
    {
        var filters = Esp32Topics.Filters.Concat(PetalTopics.Filters).Concat(WarDragonTopics.Filters).Concat(AncTopics.Filters);
        foreach (var filter in filters)
        {
            var decision = Policy.CanSubscribe("gateway", "gateway-node-1", $"$share/gateway/{filter}");
            Assert.True(decision.Allowed, $"{filter}: {decision.Reason}");
        }
    }

    [Fact]
    public void Wardragon_kits_publish_the_dragonsync_topics_and_read_nothing()
    {
        foreach (var topic in new[] { "wardragon/drones", "wardragon/drone/drone-12345", "wardragon/aircraft", "wardragon/signals", "wardragon/system" })
            Assert.True(Policy.CanPublish("wardragon", "kit-abc123", topic).Allowed, topic);
        Assert.False(Policy.CanSubscribe("wardragon", "kit-abc123", "wardragon/#").Allowed);
        Assert.False(Policy.CanPublish("wardragon", "kit-abc123", "devices/org-123/esp32-001/telemetry").Allowed);
    }
}
