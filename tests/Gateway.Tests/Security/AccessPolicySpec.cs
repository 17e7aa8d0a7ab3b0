using Akka.Configuration;
using Gateway.Mqtt.Security;
using Xunit;

namespace Gateway.Tests.Security;

public sealed class AccessPolicySpec
{
    private static AccessPolicy Parse(string text) => AccessPolicy.Parse(text, "test.acl");

    [Theory]
    [InlineData("drone/+/telemetry", "drone/Alpha-3/telemetry", true)]
    [InlineData("drone/+/telemetry", "drone/Alpha-3/status", false)]
    [InlineData("drone/+/telemetry", "drone/a/b/telemetry", false)]
    [InlineData("drone/+/telemetry", "/drone/Alpha-3/telemetry", false)]
    [InlineData("/drone/+/telemetry", "/drone/Alpha-3/telemetry", true)]
    [InlineData("drone/#", "drone", true)]
    [InlineData("drone/#", "drone/a/b/c", true)]
    [InlineData("drone/#", "drones/a", false)]
    [InlineData("#", "anything/at/all", true)]
    [InlineData("#", "$SYS/broker/uptime", false)]
    [InlineData("+/things/x", "$aws/things/x", false)]
    [InlineData("$aws/things/+/shadow/#", "$aws/things/x/shadow/update", true)]
    [InlineData("a/+", "a/", true)]
    [InlineData("a/+", "a", false)]
    public void Publish_matches_topics_as_mqtt_filters_do(string rule, string topic, bool allowed)
    {
        var policy = Parse($"user alice\ntopic write {rule}\n");
        Assert.Equal(allowed, policy.CanPublish("alice", "c1", topic).Allowed);
    }

    [Fact]
    public void Read_governs_subscribe_and_receive_write_governs_publish()
    {
        var policy = Parse("user alice\ntopic read r/x\ntopic write w/x\n");
        Assert.True(policy.CanSubscribe("alice", "c1", "r/x").Allowed);
        Assert.True(policy.CanReceive("alice", "c1", "r/x").Allowed);
        Assert.False(policy.CanPublish("alice", "c1", "r/x").Allowed);
        Assert.True(policy.CanPublish("alice", "c1", "w/x").Allowed);
        Assert.False(policy.CanSubscribe("alice", "c1", "w/x").Allowed);
        Assert.False(policy.CanReceive("alice", "c1", "w/x").Allowed);
    }

    [Fact]
    public void Whatever_no_line_allows_is_refused_with_the_reason()
    {
        var policy = Parse("user alice\ntopic read a\n");
        var decision = policy.CanPublish("bob", "c1", "a");
        Assert.False(decision.Allowed);
        Assert.Equal(AccessDecision.NoRule, decision.Reason);
        Assert.False(policy.CanPublish(null, "c1", "a").Allowed);
    }

    [Theory]
    [InlineData("drone/+/telemetry", true)]
    [InlineData("drone/Alpha-3/telemetry", true)]
    [InlineData("drone/#", false)]
    [InlineData("drone/+/#", false)]
    [InlineData("#", false)]
    [InlineData("drone/+/+", false)]
    [InlineData("drone/Alpha-3/telemetry/#", false)]
    [InlineData("$share/gateway/drone/+/telemetry", true)]
    [InlineData("$share/gateway/drone/#", false)]
    public void A_subscription_is_allowed_when_one_read_rule_covers_every_topic_it_can_match(string filter, bool allowed)
    {
        var policy = Parse("user alice\ntopic read drone/+/telemetry\n");
        Assert.Equal(allowed, policy.CanSubscribe("alice", "c1", filter).Allowed);
    }

    [Theory]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "a/#", true)]
    [InlineData("a/#", "a/+/c", true)]
    [InlineData("a/+/#", "a", false)]
    [InlineData("#", "$SYS/#", false)]
    [InlineData("+/x", "+/x", true)]
    [InlineData("a/b", "a/+", false)]
    public void Coverage_follows_what_each_filter_can_match(string rule, string filter, bool allowed)
    {
        var policy = Parse($"user alice\ntopic read {rule}\n");
        Assert.Equal(allowed, policy.CanSubscribe("alice", "c1", filter).Allowed);
    }

    [Fact]
    public void A_deny_covering_the_subscription_refuses_it_and_one_taking_part_asks_for_each_message_to_be_checked()
    {
        var policy = Parse("user alice\ntopic read drone/#\ntopic deny drone/secret/#\n");
        Assert.False(policy.CanSubscribe("alice", "c1", "drone/secret/+").Allowed);

        var partly = policy.CanSubscribe("alice", "c1", "drone/+/x");
        Assert.True(partly.Allowed);
        Assert.True(partly.CheckEachMessage);
        Assert.False(policy.CanReceive("alice", "c1", "drone/secret/x").Allowed);
        Assert.True(policy.CanReceive("alice", "c1", "drone/open/x").Allowed);

        var clear = policy.CanSubscribe("alice", "c1", "drone/open/+");
        Assert.True(clear.Allowed);
        Assert.False(clear.CheckEachMessage);
    }

    [Fact]
    public void Patterns_stand_for_the_identity_and_the_client_id()
    {
        var policy = Parse("pattern write sensor/%u/data\npattern read clients/%c/inbox\n");
        Assert.True(policy.CanPublish("s1", "any", "sensor/s1/data").Allowed);
        Assert.False(policy.CanPublish("s1", "any", "sensor/s2/data").Allowed);
        Assert.True(policy.CanSubscribe("s1", "box-7", "clients/box-7/inbox").Allowed);
        Assert.False(policy.CanSubscribe("s1", "box-7", "clients/box-8/inbox").Allowed);
        Assert.False(policy.CanSubscribe("s1", "box-7", "clients/+/inbox").Allowed);
        // mosquitto skips %u lines for a client without a user name; %c lines still apply.
        Assert.False(policy.CanPublish(null, "box-7", "sensor//data").Allowed);
        Assert.True(policy.CanSubscribe(null, "box-7", "clients/box-7/inbox").Allowed);
    }

    [Theory]
    [InlineData("+", "c1")]
    [InlineData("#", "c1")]
    [InlineData("s1", "c+1")]
    [InlineData("s1", "c#")]
    public void An_identity_or_client_id_with_a_wildcard_gets_nothing_from_patterns(string identity, string clientId)
    {
        var policy = Parse("pattern readwrite sensor/%u/#\npattern readwrite clients/%c/#\n");
        // Substituted, "sensor/+/#" would match every sensor's topics.
        Assert.False(policy.CanPublish(identity, clientId, "sensor/other/data").Allowed);
        Assert.False(policy.CanSubscribe(identity, clientId, $"sensor/{identity}/#").Allowed);
        Assert.False(policy.CanPublish(identity, clientId, "clients/other/x").Allowed);
    }

    [Fact]
    public void An_identity_with_a_slash_gets_nothing_from_the_patterns_it_would_fill_in()
    {
        var policy = Parse("pattern readwrite sensor/%u/#\npattern readwrite clients/%c/#\n");
        // "a/b" would reach inside user "a"'s sensor/a/#.
        Assert.False(policy.CanPublish("a/b", "c1", "sensor/a/b/data").Allowed);
        Assert.False(policy.CanSubscribe("a/b", "c1", "sensor/a/b/#").Allowed);
        Assert.True(policy.CanPublish("a/b", "c1", "clients/c1/x").Allowed);
        Assert.False(policy.CanPublish("s1", "org/c1", "clients/org/c1/x").Allowed);
    }

    [Fact]
    public void A_users_own_lines_come_before_the_patterns_as_in_mosquitto()
    {
        var policy = Parse("pattern deny sensor/%u/private\nuser alice\ntopic deny sensor/alice/locked\ntopic write sensor/#\n");
        // A pattern deny does not take away what alice's own section allows ...
        Assert.True(policy.CanPublish("alice", "c1", "sensor/alice/private").Allowed);
        // ... but alice's own deny beats her own allow and every pattern.
        Assert.False(policy.CanPublish("alice", "c1", "sensor/alice/locked").Allowed);
        Assert.False(policy.CanPublish("bob", "c2", "sensor/bob/private").Allowed);
    }

    [Fact]
    public void A_topic_name_with_a_wildcard_is_refused_and_an_invalid_filter_too()
    {
        var policy = Parse("user alice\ntopic readwrite #\n");
        Assert.False(policy.CanPublish("alice", "c1", "a/+").Allowed);
        Assert.False(policy.CanSubscribe("alice", "c1", "a/#/b").Allowed);
        Assert.False(policy.CanSubscribe("alice", "c1", "$share/g").Allowed);
    }

    [Fact]
    public void From_reads_the_policy_file_setting_and_none_without_it()
    {
        Assert.Null(AccessPolicy.From(ConfigurationFactory.ParseString("gateway.security.policy-file = \"\"")));
        var path = Path.Combine(AppContext.BaseDirectory, "examples", "security", "skyrescue.acl");
        var policy = AccessPolicy.From(ConfigurationFactory.ParseString($"gateway.security.policy-file = \"{path}\""));
        Assert.NotNull(policy);
        Assert.Equal(path, policy.Source);
    }
}
