using Gateway.MqttHttp;
using Gateway.Mqtt;
using Xunit;

namespace Gateway.Tests.MqttHttp;

public sealed class PetalTopicPatternSpec
{
    [Theory]
    [InlineData("test/*", "test/+")]
    [InlineData("org/*/device/*/telemetry", "org/+/device/+/telemetry")]
    [InlineData("*", "+")]
    [InlineData("*/status", "+/status")]
    [InlineData("org/*/#", "org/+/#")]
    [InlineData("org/your-org-id/device/your-device-id/command", "org/your-org-id/device/your-device-id/command")]
    [InlineData("test/+", "test/+")]
    [InlineData("#", "#")]
    [InlineData("+", "+")]
    [InlineData("a/+/*", "a/+/+")]
    public void Maps_patterns_to_filters(string pattern, string filter) =>
        Assert.Equal((filter, null), PetalTopicPattern.ToFilter(pattern));

    [Fact]
    public void A_final_star_is_one_level_not_any_depth()
    {
        var (filter, _) = PetalTopicPattern.ToFilter("test/*");
        Assert.True(TopicFilter.Matches(filter!, "test/a"));
        Assert.False(TopicFilter.Matches(filter!, "test/a/b"));
        Assert.False(TopicFilter.Matches(filter!, "test"));
    }

    [Theory]
    [InlineData("dev*/a", "'*' must be a whole level")]
    [InlineData("a/*b", "'*' must be a whole level")]
    [InlineData("a/**", "'*' must be a whole level")]
    [InlineData("a/#/b", "'#'")]
    [InlineData("*/#/b", "'#'")]
    [InlineData("a+/b", "'+'")]
    [InlineData("", "empty")]
    public void Refuses_what_no_filter_expresses(string pattern, string reason)
    {
        var (filter, error) = PetalTopicPattern.ToFilter(pattern);
        Assert.Null(filter);
        Assert.Contains(reason, error);
    }
}
