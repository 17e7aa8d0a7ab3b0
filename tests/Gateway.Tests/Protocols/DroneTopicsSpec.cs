using Gateway.Contracts;
using Gateway.Protocols;
using Gateway.Protocols.Drone;
using Gateway.Protocols.Routing;
using Xunit;

namespace Gateway.Tests.Protocols;

public sealed class DroneTopicsSpec
{
    [Theory]
    [InlineData("/drone/Alpha-3/telemetry", "Alpha-3", DeviceChannel.Telemetry)]
    [InlineData("/drone/Alpha-3/status", "Alpha-3", DeviceChannel.Status)]
    [InlineData("/drone/Alpha-3/events", "Alpha-3", DeviceChannel.Events)]
    [InlineData("/drone/Alpha-3/voice/transcript", "Alpha-3", DeviceChannel.Transcript)]
    [InlineData("drone/Alpha-3/telemetry", "Alpha-3", DeviceChannel.Telemetry)] // the AWS policy spelling
    [InlineData("/drone/Alpha-3/command", "Alpha-3", DeviceChannel.Command)] // where a backend may publish a command itself
    public void Parses_the_documents_device_topics(string topic, string id, string channel)
    {
        Assert.True(DroneTopics.TryParse(topic, out var parsedId, out var parsedChannel));
        Assert.Equal(id, parsedId);
        Assert.Equal(channel, parsedChannel);
    }

    [Theory]
    [InlineData("/drone//telemetry")]
    [InlineData("/drone/+/telemetry")]
    [InlineData("/drone/Alpha-3/telemetry/extra")]
    [InlineData("/drone/Alpha-3")]
    [InlineData("/drones/Alpha-3/telemetry")]
    [InlineData("gateway/drone/Alpha-3/state")]
    [InlineData("")]
    public void Refuses_other_topics(string topic) => Assert.False(DroneTopics.TryParse(topic, out _, out _));

    [Fact]
    public void Router_maps_a_topic_to_the_device_entity_and_channel()
    {
        var router = new TopicRouter(DeviceProfiles.Create(TestConfig.Gateway));
        Assert.True(router.TryRoute("/drone/Alpha-3/events", out var route));
        Assert.Equal("drone/Alpha-3", route.EntityId);
        Assert.Equal(new DeviceKey("drone", null, "Alpha-3"), route.Key);
        Assert.Equal(DeviceChannel.Events, route.Channel);
        Assert.False(router.TryRoute("gateway/drone/Alpha-3/state", out _));
        Assert.False(router.TryRoute("some/other/topic", out _));
    }

    [Fact]
    public void Routing_a_known_topic_allocates_nothing()
    {
        var router = new TopicRouter(DeviceProfiles.Create(TestConfig.Gateway));
        const string topic = "/drone/Alpha-3/telemetry";
        const string unknown = "factory/line-1/temperature";
        router.TryRoute(topic, out _);
        router.TryRoute(unknown, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            router.TryRoute(topic, out _);
            router.TryRoute(unknown, out _);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_route_cache_is_bounded()
    {
        var router = new TopicRouter(DeviceProfiles.Create(TestConfig.Gateway), maxCachedTopics: 10);
        for (var i = 0; i < 100; i++)
            Assert.True(router.TryRoute($"/drone/d{i}/telemetry", out var route) && route.EntityId == $"drone/d{i}");
    }

    [Fact]
    public void Entity_ids_round_trip_to_device_keys()
    {
        Assert.Equal(new DeviceKey("drone", null, "Alpha-3"), DeviceKey.Parse("drone/Alpha-3"));
        Assert.Equal(new DeviceKey("esp32", "acme", "d1"), DeviceKey.Parse("esp32/acme/d1"));
        Assert.Equal("esp32/acme/d1", new DeviceKey("esp32", "acme", "d1").EntityId);
        Assert.False(DeviceKey.TryParse("drone", out _));
        Assert.False(DeviceKey.TryParse("drone//x", out _));
    }
}
