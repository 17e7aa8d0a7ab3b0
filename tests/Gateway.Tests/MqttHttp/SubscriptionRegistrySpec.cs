using System.Text;
using Gateway.MqttHttp;
using Gateway.Mqtt;
using Gateway.Mqtt.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static Gateway.Tests.MqttHttp.MqttHttpTestSettings;

namespace Gateway.Tests.MqttHttp;

public sealed class SubscriptionRegistrySpec
{
    [Fact]
    public void A_message_reaches_every_matching_subscription_and_no_other()
    {
        var registry = Registry();
        var (telemetry, _, _) = registry.Add("org/*/device/*/telemetry", "org/+/device/+/telemetry", null, SubscriptionKind.Events);
        var (everything, _, _) = registry.Add("#", "#", null, SubscriptionKind.Events);
        var (other, _, _) = registry.Add("org/*/device/*/command", "org/+/device/+/command", null, SubscriptionKind.Events);

        registry.Dispatch("org/o1/device/d1/telemetry", Payload("{\"t\":1}"), 1, false);
        registry.Dispatch("$SYS/uptime", Payload("1"), 0, false);

        Assert.True(telemetry!.Messages.TryRead(out var first));
        Assert.True(everything!.Messages.TryRead(out var second));
        Assert.Same(first, second);
        Assert.Equal("{\"t\":1}", Encoding.UTF8.GetString(first.Payload));
        Assert.Equal(0, other!.Queued);
        Assert.Equal(0, everything.Queued);
    }

    [Fact]
    public void Subscribing_twice_answers_the_same_subscription_but_streams_are_each_their_own()
    {
        var registry = Registry();
        var (first, created, _) = registry.Add("test/*", "test/+", null, SubscriptionKind.Events);
        var (again, createdAgain, _) = registry.Add("test/+", "test/+", null, SubscriptionKind.Events);
        var (stream1, _, _) = registry.Add("test/+", "test/+", null, SubscriptionKind.Stream);
        var (stream2, _, _) = registry.Add("test/+", "test/+", null, SubscriptionKind.Stream);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Same(first, again);
        Assert.NotSame(stream1, stream2);
        Assert.Equal(3, registry.All.Count);
    }

    [Fact]
    public void A_full_queue_drops_its_oldest_messages_and_counts_them()
    {
        var registry = Registry(With(queueSize: 2));
        var (subscription, _, _) = registry.Add("a", "a", null, SubscriptionKind.Events);

        foreach (var n in new[] { "1", "2", "3" })
            registry.Dispatch("a", Payload(n), 0, false);

        Assert.Equal(1, subscription!.Counters.Dropped);
        Assert.Equal(1, registry.Totals.Dropped);
        Assert.True(subscription.Messages.TryRead(out var oldestKept));
        Assert.Equal("2", Encoding.UTF8.GetString(oldestKept.Payload));
    }

    [Fact]
    public void Unsubscribing_a_filter_removes_its_subscriptions_but_not_streams()
    {
        var registry = Registry();
        var subscription = registry.Add("a/*", "a/+", null, SubscriptionKind.Events).Subscription!;
        var stream = registry.Add("a/*", "a/+", null, SubscriptionKind.Stream).Subscription!;

        var removed = registry.RemoveFilter("a/+");

        Assert.Equal([subscription], removed);
        Assert.Equal([stream], registry.All);
        Assert.True(subscription.Closed.IsCancellationRequested);
        Assert.True(subscription.Messages.Completion.IsCompleted);
        Assert.Empty(registry.RemoveFilter("a/+"));
    }

    [Fact]
    public void No_more_than_max_subscriptions_are_held()
    {
        var registry = Registry(With(maxSubscriptions: 1));
        Assert.NotNull(registry.Add("a", "a", null, SubscriptionKind.Events).Subscription);
        Assert.Null(registry.Add("b", "b", null, SubscriptionKind.Events).Subscription);
    }

    private static SubscriptionRegistry Registry(MqttHttpSettings? settings = null)
    {
        settings ??= With();
        // The embedded broker, not started: its publish interceptor would see every message, so HTTP filters cost it nothing.
        var transport = new EmbeddedBrokerTransport(EmbeddedBrokerSettings.From(TestConfig.Gateway), null, null, new SecurityEvents(NullLogger<SecurityEvents>.Instance), NullLogger<EmbeddedBrokerTransport>.Instance, NullLogger.Instance);
        return new SubscriptionRegistry(settings, new CallbackDelivery(new HttpClient(), settings, NullLogger<CallbackDelivery>.Instance), transport, NullLogger<SubscriptionRegistry>.Instance);
    }

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);
}
