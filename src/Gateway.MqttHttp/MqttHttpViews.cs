namespace Gateway.MqttHttp;

/// <summary>The answer to <c>POST /mqtt/publish</c>.</summary>
public sealed record PublishResponse(bool Success, string Topic, int Qos, bool Retain);

/// <summary>One subscription, as <c>/mqtt/subscribe</c>, <c>/mqtt/subscriptions</c> and an event stream's first event show it.</summary>
public sealed record SubscriptionView(string Id, string Topic, string Filter, string Kind, string? CallbackUrl, DateTimeOffset CreatedAt, DeliveryView Delivery)
{
    public static SubscriptionView Of(Subscription s)
    {
        var health = s.Health;
        var state = s.Kind == SubscriptionKind.Callback ? health.State : s.IsReaderAttached ? "streaming" : "buffering";
        var counters = s.Counters;
        return new SubscriptionView(s.Id, s.Topic, s.Filter, KindName(s.Kind), s.CallbackUrl?.ToString(), s.CreatedAt,
            new DeliveryView(state, s.Queued, counters.Delivered, counters.Failed, counters.Retried, counters.Dropped,
                health.LastDeliveredAt, health.LastError, health.LastErrorAt));
    }

    public static string KindName(SubscriptionKind kind) => kind switch
    {
        SubscriptionKind.Callback => "callback",
        SubscriptionKind.Events => "events",
        _ => "stream",
    };
}

/// <summary>
/// A subscription's delivery: <c>state</c> is the callback's (<c>idle ok retrying failing</c>), or for
/// the other kinds <c>streaming</c> (a client reads it) or <c>buffering</c> (messages wait in the queue).
/// </summary>
public sealed record DeliveryView(
    string State,
    int Queued,
    long Delivered,
    long Failed,
    long Retried,
    long Dropped,
    DateTimeOffset? LastDeliveredAt,
    string? LastError,
    DateTimeOffset? LastErrorAt);

/// <summary>The answer to <c>GET /mqtt/subscriptions</c>.</summary>
public sealed record SubscriptionList(int Count, IReadOnlyList<SubscriptionView> Subscriptions);

/// <summary>The answer to <c>POST /mqtt/unsubscribe</c>.</summary>
public sealed record UnsubscribeResponse(bool Success, IReadOnlyList<SubscriptionView> Removed);

/// <summary>The answer to <c>GET /mqtt/status</c>.</summary>
public sealed record MqttStatusView(
    bool Connected,
    BrokerStatusView Broker,
    BridgeStatusView Bridge,
    SubscriptionCountsView Subscriptions,
    DeliveryTotalsView Delivery,
    CallbackStatesView Callbacks);

/// <summary>The MQTT transport: <c>mode</c> <c>embedded</c> or <c>external</c>, whether it is ready, and its state in words.</summary>
public sealed record BrokerStatusView(string Mode, bool Ready, string State);

/// <summary>Whether the gateway reads the broker's messages, and the client id its HTTP publications carry.</summary>
public sealed record BridgeStatusView(bool Attached, string PublisherClientId);

public sealed record SubscriptionCountsView(int Total, int Callback, int Events, int Stream);

/// <summary>Counted since the gateway started, removed subscriptions included; <c>queued</c> is what waits now.</summary>
public sealed record DeliveryTotalsView(long Delivered, long Failed, long Retried, long Dropped, int Queued);

/// <summary>How many callback subscriptions are in each state.</summary>
public sealed record CallbackStatesView(int Idle, int Ok, int Retrying, int Failing);
