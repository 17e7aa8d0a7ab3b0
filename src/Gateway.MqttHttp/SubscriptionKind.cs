namespace Gateway.MqttHttp;

/// <summary>How a subscription's messages leave the gateway.</summary>
public enum SubscriptionKind
{
    /// <summary>POSTed to its <c>callback_url</c>.</summary>
    Callback,

    /// <summary>No callback: kept in its queue until a client reads <c>GET /mqtt/subscriptions/{id}/events</c>.</summary>
    Events,

    /// <summary>Made by <c>GET /mqtt/stream</c> and removed when that request ends.</summary>
    Stream,
}
