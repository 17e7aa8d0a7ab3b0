using Gateway.Mqtt;
using Xunit;

namespace Gateway.Tests.MqttHttp;

/// <summary>The examples of MQTT 3.1.1 §4.7 and the edges between them.</summary>
public sealed class TopicFilterSpec
{
    [Theory]
    [InlineData("sport/tennis/player1", "sport/tennis/player1")]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1")]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking")]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon")]
    [InlineData("sport/#", "sport")]
    [InlineData("#", "sport/tennis")]
    [InlineData("#", "/")]
    [InlineData("sport/tennis/+", "sport/tennis/player1")]
    [InlineData("sport/+", "sport/")]
    [InlineData("+/+", "/finance")]
    [InlineData("/+", "/finance")]
    [InlineData("+", "sport")]
    [InlineData("+/tennis/#", "sport/tennis/player1")]
    [InlineData("org/+/device/+/telemetry", "org/o1/device/d7/telemetry")]
    [InlineData("a//b", "a//b")]
    [InlineData("a/+/b", "a//b")]
    [InlineData("$SYS/#", "$SYS/broker/uptime")]
    [InlineData("$SYS/+/uptime", "$SYS/broker/uptime")]
    [InlineData("a/$x", "a/$x")]
    [InlineData("+/$x", "a/$x")]
    [InlineData("/drone/+/telemetry", "/drone/Alpha-3/telemetry")]
    public void Matches(string filter, string topic)
    {
        Assert.Null(TopicFilter.Validate(filter));
        Assert.True(TopicFilter.Matches(filter, topic));
    }

    [Theory]
    [InlineData("sport/tennis/player1", "sport/tennis/player2")]
    [InlineData("sport/tennis/player1", "sport/tennis/player1/ranking")]
    [InlineData("sport/tennis/player1", "sport/tennis")]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking")]
    [InlineData("sport/+", "sport")]
    [InlineData("+", "/finance")]
    [InlineData("+", "a/b")]
    [InlineData("sport/#", "sports")]
    [InlineData("sport/tennis/#", "sport/tenni")]
    [InlineData("sport/tennis/#", "sport/tennisball")]
    [InlineData("a/b", "a/bc")]
    [InlineData("a/bc", "a/b")]
    [InlineData("a/b", "A/b")]
    [InlineData("a/+/c", "a/b/d")]
    [InlineData("a/+", "a")]
    [InlineData("/drone/+/telemetry", "drone/Alpha-3/telemetry")]
    public void Does_not_match(string filter, string topic) => Assert.False(TopicFilter.Matches(filter, topic));

    [Theory]
    [InlineData("#", "$SYS/broker/uptime")]
    [InlineData("+/broker/uptime", "$SYS/broker/uptime")]
    [InlineData("+/#", "$SYS/broker/uptime")]
    [InlineData("+", "$SYS")]
    public void A_first_level_wildcard_does_not_match_dollar_topics(string filter, string topic) =>
        Assert.False(TopicFilter.Matches(filter, topic));

    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("a/#")]
    [InlineData("+/+/#")]
    [InlineData("/")]
    [InlineData("a b/c")]
    [InlineData("$SYS/#")]
    public void Accepts_valid_filters(string filter) => Assert.Null(TopicFilter.Validate(filter));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/#/b", "'#'")]
    [InlineData("a#", "'#'")]
    [InlineData("#/a", "'#'")]
    [InlineData("a/b#", "'#'")]
    [InlineData("a+/b", "'+'")]
    [InlineData("a/+b", "'+'")]
    [InlineData("++", "'+'")]
    [InlineData("a\0b", "null character")]
    public void Refuses_invalid_filters(string filter, string reason) =>
        Assert.Contains(reason, TopicFilter.Validate(filter));

    [Fact]
    public void Refuses_a_filter_longer_than_mqtt_can_carry()
    {
        Assert.Null(TopicFilter.Validate(new string('a', TopicFilter.MaxBytes)));
        Assert.Contains("65535 bytes", TopicFilter.Validate(new string('a', TopicFilter.MaxBytes + 1)));
        // Two bytes of UTF-8 each: the limit is in bytes, not characters.
        Assert.Contains("65535 bytes", TopicFilter.Validate(new string('é', 40000)));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("/drone/Alpha-3/telemetry")]
    [InlineData("a/*")]
    [InlineData("$SYS/x")]
    public void Accepts_topic_names(string topic) => Assert.Null(TopicName.Validate(topic));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a/+", "wildcards")]
    [InlineData("a/#", "wildcards")]
    [InlineData("a\0", "null character")]
    public void Refuses_topic_names(string topic, string reason) => Assert.Contains(reason, TopicName.Validate(topic));
}
