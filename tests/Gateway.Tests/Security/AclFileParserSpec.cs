using Gateway.Mqtt.Security;
using Xunit;

namespace Gateway.Tests.Security;

public sealed class AclFileParserSpec
{
    private static AccessPolicy Parse(string text) => AccessPolicy.Parse(text, "/etc/gateway/test.acl");

    [Theory]
    [InlineData("topic read\n", 1, "no topic filter after the access word")]
    [InlineData("# fine\ntopic sometimes a/b\n", 2, "unknown access 'sometimes'")]
    [InlineData("\n\nuser\n", 3, "'user' needs the user name")]
    [InlineData("topic\n", 1, "'topic' needs a topic filter")]
    [InlineData("allow a/b\n", 1, "unknown keyword 'allow'")]
    [InlineData("topic read a/#/b\n", 1, "not a valid topic filter")]
    [InlineData("topic read a/b+\n", 1, "not a valid topic filter")]
    [InlineData("topic read drone/%u/command\n", 1, "replaced only in 'pattern' lines")]
    [InlineData("pattern read drone/x%u/command\n", 1, "must be the whole level")]
    [InlineData("  # indented comment\n", 1, "must be the first character")]
    [InlineData("topic\tread a/b\n", 1, "tab")]
    public void Refuses_a_line_it_cannot_read_naming_the_file_and_line(string text, int line, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(text));
        Assert.StartsWith($"/etc/gateway/test.acl, line {line}: ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Reads_comments_blank_lines_crlf_and_indentation_with_spaces()
    {
        var policy = Parse("# a comment\r\n\r\n   \r\nuser alice\r\n  topic read a/b  \r\n");
        Assert.True(policy.CanSubscribe("alice", "c1", "a/b").Allowed);
        Assert.False(policy.CanPublish("alice", "c1", "a/b").Allowed);
    }

    [Fact]
    public void No_access_word_is_readwrite_and_the_rest_of_the_line_is_the_filter()
    {
        var policy = Parse("user alice\ntopic a/b\ntopic read with space/x\n");
        Assert.True(policy.CanPublish("alice", "c1", "a/b").Allowed);
        Assert.True(policy.CanSubscribe("alice", "c1", "a/b").Allowed);
        Assert.True(policy.CanSubscribe("alice", "c1", "with space/x").Allowed);
    }

    [Fact]
    public void Lines_before_any_user_line_are_the_anonymous_clients()
    {
        var policy = Parse("topic read public/#\nuser alice\ntopic write a/b\n");
        Assert.True(policy.CanSubscribe(null, "anon", "public/news").Allowed);
        Assert.False(policy.CanSubscribe("alice", "c1", "public/news").Allowed);
        Assert.False(policy.CanPublish(null, "anon", "a/b").Allowed);
    }

    [Fact]
    public void Sections_of_the_same_user_merge_as_mosquitto_merges_them()
    {
        var policy = Parse("user alice\ntopic write a\nuser bob\ntopic write b\nuser alice\ntopic write c\n");
        Assert.True(policy.CanPublish("alice", "c1", "a").Allowed);
        Assert.True(policy.CanPublish("alice", "c1", "c").Allowed);
        Assert.False(policy.CanPublish("alice", "c1", "b").Allowed);
    }

    [Fact]
    public void A_deny_line_wins_over_an_allow_line_above_it()
    {
        var policy = Parse("user alice\ntopic readwrite drone/#\ntopic deny drone/secret/#\n");
        var denied = policy.CanPublish("alice", "c1", "drone/secret/x");
        Assert.False(denied.Allowed);
        Assert.Equal("denied by test.acl:3 'topic deny drone/secret/#'", denied.Reason);
        Assert.Equal("allowed by test.acl:2 'topic readwrite drone/#'", policy.CanPublish("alice", "c1", "drone/open").Reason);
    }

    [Fact]
    public void Load_names_a_missing_file()
    {
        var error = Assert.Throws<ArgumentException>(() => AccessPolicy.Load("/nonexistent/policy.acl"));
        Assert.Contains("/nonexistent/policy.acl", error.Message);
    }
}
