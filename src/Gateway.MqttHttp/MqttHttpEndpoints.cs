using Gateway.Contracts.Messages;
using Gateway.Http;
using Gateway.Mqtt;
using Gateway.Protocols.Outbound;

namespace Gateway.MqttHttp;

/// <summary>
/// <c>/mqtt/*</c>: the Petal App Manager's HTTP surface for MQTT (publish, subscribe with a
/// callback, unsubscribe, subscriptions, status) through the gateway's MQTT transport (its own
/// broker or the external one), plus Server-Sent Events streams of the same messages.
/// </summary>
public static class MqttHttpEndpoints
{
    /// <summary>Maps <c>/mqtt/*</c> and returns the group, so that the host can require its authorization of all of it.</summary>
    public static RouteGroupBuilder MapMqttHttpEndpoints(this IEndpointRouteBuilder app)
    {
        var mqtt = app.MapGroup("/mqtt");
        mqtt.MapPost("/publish", Publish);
        mqtt.MapPost("/subscribe", Subscribe);
        mqtt.MapPost("/unsubscribe", Unsubscribe);
        mqtt.MapGet("/subscriptions", List);
        mqtt.MapGet("/subscriptions/{id}", Get);
        mqtt.MapGet("/subscriptions/{id}/events", Events);
        mqtt.MapGet("/stream", Stream);
        mqtt.MapGet("/status", Status);
        return mqtt;
    }

    private static async Task<IResult> Publish(HttpRequest request, IMqttTransport transport, MqttHttpSettings settings, CancellationToken ct)
    {
        var (publish, errors) = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, PublishRequest.Read, ct);
        if (publish is null)
            return Problems.Invalid("The publication is not valid", errors);
        if (transport.Status is { IsReady: false } down)
            return BrokerDown(down.Description);

        // Not as the gateway's own publication: a publication over HTTP is routed to device actors like any client's.
        try
        {
            await transport.PublishForClientAsync(new MqttPublish(publish.Topic, publish.Payload, publish.Retain, AtLeastOnce: publish.Qos == 1));
        }
        catch (TransportUnavailableException e)
        {
            return BrokerDown(e.Message);
        }
        return Results.Json(new PublishResponse(true, publish.Topic, publish.Qos, publish.Retain), MqttHttpJsonContext.Relaxed.PublishResponse);
    }

    private static async Task<IResult> Subscribe(HttpRequest request, HttpResponse response, SubscriptionRegistry registry, MqttHttpSettings settings, CancellationToken ct)
    {
        var (subscribe, errors) = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, SubscribeRequest.Read, ct);
        if (subscribe is null)
            return Problems.Invalid("The subscription is not valid", errors);
        if (subscribe.CallbackUrl is { } url && await settings.CallbackDestinations.RefusalAsync(url, ct) is { } refusal)
            return Problems.Invalid("The subscription is not valid", [new FieldError("callback_url", refusal)]);

        var kind = subscribe.CallbackUrl is null ? SubscriptionKind.Events : SubscriptionKind.Callback;
        var (subscription, created, subscribed) = registry.Add(subscribe.Topic, subscribe.Filter, subscribe.CallbackUrl, kind);
        if (subscription is null)
            return TooMany(settings);
        // Answered once the broker has the filter, so a message published after the answer is not missed.
        if (await subscribed is { } refused)
        {
            registry.Remove(subscription);
            return Refused(subscribe.Filter, refused);
        }
        if (created)
            response.Headers.Location = $"/mqtt/subscriptions/{subscription.Id}";
        return Results.Json(SubscriptionView.Of(subscription), MqttHttpJsonContext.Relaxed.SubscriptionView,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> Unsubscribe(HttpRequest request, SubscriptionRegistry registry, MqttHttpSettings settings, CancellationToken ct)
    {
        var (unsubscribe, errors) = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, UnsubscribeRequest.Read, ct);
        if (unsubscribe is null)
            return Problems.Invalid("The unsubscription is not valid", errors);

        IReadOnlyList<Subscription> removed;
        if (unsubscribe.SubscriptionId is { } id)
            removed = registry.Find(id) is { } one && registry.Remove(one) ? [one] : [];
        else
            removed = registry.RemoveFilter(unsubscribe.Filter!);
        if (removed.Count == 0)
            return Problems.NotFound(unsubscribe.SubscriptionId is { } missing
                ? $"There is no subscription '{missing}'"
                : $"There is no subscription to '{unsubscribe.Filter}'");
        return Results.Json(new UnsubscribeResponse(true, [.. removed.Select(SubscriptionView.Of)]), MqttHttpJsonContext.Relaxed.UnsubscribeResponse);
    }

    private static IResult List(SubscriptionRegistry registry)
    {
        var all = registry.All;
        return Results.Json(new SubscriptionList(all.Count, [.. all.Select(SubscriptionView.Of)]), MqttHttpJsonContext.Relaxed.SubscriptionList);
    }

    private static IResult Get(string id, SubscriptionRegistry registry) =>
        registry.Find(id) is { } subscription
            ? Results.Json(SubscriptionView.Of(subscription), MqttHttpJsonContext.Relaxed.SubscriptionView)
            : Problems.NotFound($"There is no subscription '{id}'");

    /// <summary>Reads a subscription made without a callback; it stays when the stream ends, its queue filling until the next reader.</summary>
    private static IResult Events(string id, SubscriptionRegistry registry, MqttHttpSettings settings)
    {
        if (registry.Find(id) is not { } subscription)
            return Problems.NotFound($"There is no subscription '{id}'");
        if (subscription.Kind != SubscriptionKind.Events)
            return Conflict($"Subscription '{id}' is delivered {(subscription.Kind == SubscriptionKind.Callback ? $"to {subscription.CallbackUrl}" : "to its own stream")}; subscribe without a callback_url to read events");
        if (!subscription.TryAttachReader())
            return Conflict($"Subscription '{id}' is already being read by another stream");
        return new EventStreamResult(subscription, settings.StreamHeartbeat, subscription.DetachReader);
    }

    /// <summary>A subscription for the life of this request: made now, removed when the client disconnects.</summary>
    private static async Task<IResult> Stream(string? topic, SubscriptionRegistry registry, MqttHttpSettings settings)
    {
        if (string.IsNullOrEmpty(topic))
            return Problems.Invalid("The stream is not valid", [new FieldError("topic", "is required: ?topic=<filter or pattern>, with '+' written %2B and '#' written %23")]);
        var (filter, error) = PetalTopicPattern.ToFilter(topic);
        if (error is not null)
            return Problems.Invalid("The stream is not valid", [new FieldError("topic", error)]);
        var (subscription, _, subscribed) = registry.Add(topic, filter!, null, SubscriptionKind.Stream);
        if (subscription is null)
            return TooMany(settings);
        if (await subscribed is { } refused)
        {
            registry.Remove(subscription);
            return Refused(filter!, refused);
        }
        _ = subscription.TryAttachReader(); // A new stream subscription: this request is its reader, never contested.
        return new EventStreamResult(subscription, settings.StreamHeartbeat, () => registry.Remove(subscription));
    }

    private static IResult Status(IMqttTransport transport, MqttHttpBridge bridge, SubscriptionRegistry registry)
    {
        var broker = transport.Status;
        var all = registry.All;
        var totals = registry.Totals;
        var callbacks = all.Where(s => s.Kind == SubscriptionKind.Callback).Select(s => s.Health.State).ToList();
        var status = new MqttStatusView(
            broker.IsReady && bridge.IsAttached,
            new BrokerStatusView(transport.Mode, broker.IsReady, broker.Description),
            new BridgeStatusView(bridge.IsAttached, transport.ClientPublisherId),
            new SubscriptionCountsView(all.Count, callbacks.Count,
                all.Count(s => s.Kind == SubscriptionKind.Events), all.Count(s => s.Kind == SubscriptionKind.Stream)),
            new DeliveryTotalsView(totals.Delivered, totals.Failed, totals.Retried, totals.Dropped, all.Sum(s => s.Queued)),
            new CallbackStatesView(
                callbacks.Count(s => s == CallbackHealth.Idle), callbacks.Count(s => s == CallbackHealth.Ok),
                callbacks.Count(s => s == CallbackHealth.Retrying), callbacks.Count(s => s == CallbackHealth.Failing)));
        return Results.Json(status, MqttHttpJsonContext.Relaxed.MqttStatusView);
    }

    private static IResult BrokerDown(string detail) =>
        Results.Problem(title: "Broker not available", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static IResult Refused(string filter, string reason) =>
        Results.Problem(title: "Subscription refused by the broker", detail: $"The MQTT broker did not accept a subscription to '{filter}': {reason}", statusCode: StatusCodes.Status502BadGateway);

    private static IResult TooMany(MqttHttpSettings settings) =>
        Results.Problem(title: "Too many subscriptions", detail: $"The gateway holds at most {settings.MaxSubscriptions} subscriptions (gateway.mqtt-http.max-subscriptions); unsubscribe some first",
            statusCode: StatusCodes.Status429TooManyRequests);

    private static IResult Conflict(string detail) =>
        Results.Problem(title: "Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
