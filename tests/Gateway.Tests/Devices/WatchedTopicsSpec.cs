using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit.Xunit2;
using Gateway.Contracts.Json;
using Gateway.Contracts.Watching;
using Gateway.Devices.Watching;
using Xunit;

namespace Gateway.Tests.Devices;

/// <summary>
/// A device publishes a change only on the topics whose watch is for it: a console that follows
/// the drones' transcripts does not make them build and publish their state.
/// </summary>
public sealed class WatchedTopicsSpec : TestKit
{
    private const string Alpha = "drone/Alpha-3";
    private static readonly string Transcripts = WatchTopics.Family("drone", WatchScope.Transcript | WatchScope.Commands);
    private static readonly string AlphaState = WatchTopics.Device(Alpha, WatchScope.State);

    private static readonly TranscriptLineAdded Line = new(Alpha, RawJson.Parse("""{"text":"hello"}"""), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Nobody_watching_means_nothing_is_watched()
    {
        Assert.False(WatchedTopics.Nobody.Watch(Alpha, "drone", WatchScope.All));
    }

    [Fact]
    public void A_watch_is_for_its_scope_only()
    {
        var watched = new WatchedTopics([Transcripts]);

        Assert.True(watched.Watch(Alpha, "drone", WatchScope.Transcript));
        Assert.True(watched.Watch(Alpha, "drone", WatchScope.Commands));
        Assert.False(watched.Watch(Alpha, "drone", WatchScope.State));
        Assert.False(watched.Watch(Alpha, "drone", WatchScope.Events));
        Assert.False(watched.Watch("esp32/org-1/esp32-001", "esp32", WatchScope.Transcript));
    }

    [Fact]
    public void Scopes_of_a_device_and_of_its_family_add_up()
    {
        var watched = new WatchedTopics([Transcripts, AlphaState]);

        Assert.True(watched.Watch(Alpha, "drone", WatchScope.State));
        Assert.False(watched.Watch("drone/Bravo-1", "drone", WatchScope.State));
    }

    [Fact]
    public void A_change_goes_to_each_topic_whose_scope_has_it()
    {
        var allOfAlpha = WatchTopics.Device(Alpha);
        var watched = new WatchedTopics([Transcripts, AlphaState, allOfAlpha]);
        var mediator = CreateTestProbe();

        watched.Publish(mediator.Ref, Alpha, "drone", WatchScope.Transcript, Line);

        var topics = new[] { mediator.ExpectMsg<Publish>(), mediator.ExpectMsg<Publish>() }.Select(p => p.Topic).Order().ToArray();
        Assert.Equal(new[] { allOfAlpha, Transcripts }.Order(), topics);
        mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Theory]
    [InlineData("device:drone/Alpha-3")]
    [InlineData("device:0:drone/Alpha-3")]
    [InlineData("device:16:drone/Alpha-3")]
    [InlineData("family:8:")]
    [InlineData("shard:8:drone")]
    public void A_topic_that_is_no_watch_topic_is_ignored(string topic)
    {
        Assert.False(WatchTopics.TryParse(topic, out _, out _, out _));
        Assert.False(new WatchedTopics([topic]).Watch(Alpha, "drone", WatchScope.All));
    }

    [Fact]
    public void A_topic_names_its_device_or_family_and_scope()
    {
        Assert.True(WatchTopics.TryParse(WatchTopics.Device("esp32/org:1/esp32-001", WatchScope.Events), out var isFamily, out var scope, out var name));
        Assert.Equal((false, WatchScope.Events, "esp32/org:1/esp32-001"), (isFamily, scope, name));
        Assert.True(WatchTopics.TryParse(WatchTopics.Family("petal"), out isFamily, out scope, out name));
        Assert.Equal((true, WatchScope.All, "petal"), (isFamily, scope, name));
    }
}
