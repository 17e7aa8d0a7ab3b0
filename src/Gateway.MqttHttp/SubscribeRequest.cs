using System.Text.Json;
using Gateway.Contracts.Messages;

namespace Gateway.MqttHttp;

/// <summary>
/// <c>POST /mqtt/subscribe</c>: <c>{"topic": filter or Petal pattern, "callback_url": absolute http(s) URL (optional)}</c>.
/// Without a callback, messages wait in the subscription's queue for <c>GET /mqtt/subscriptions/{id}/events</c>.
/// </summary>
public sealed record SubscribeRequest(string Topic, string Filter, Uri? CallbackUrl)
{
    private static readonly string[] Fields = ["topic", "callback_url"];

    public static SubscribeRequest? Read(JsonElement body, List<FieldError> errors)
    {
        RequestBody.RejectUnknown(body, Fields, errors);
        var (topic, filter) = ReadTopic(body, errors);
        var url = RequestBody.String(body, "callback_url", required: false, errors);
        Uri? callback = null;
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out callback) || callback.Scheme is not ("http" or "https")))
            errors.Add(new FieldError("callback_url", "must be an absolute http:// or https:// URL"));
        return errors.Count == 0 ? new SubscribeRequest(topic!, filter!, callback) : null;
    }

    /// <summary>The required <c>topic</c> field and the MQTT filter it maps to (<see cref="PetalTopicPattern"/>).</summary>
    public static (string? Topic, string? Filter) ReadTopic(JsonElement body, List<FieldError> errors)
    {
        var topic = RequestBody.String(body, "topic", required: true, errors);
        if (topic is null)
            return (null, null);
        var (filter, error) = PetalTopicPattern.ToFilter(topic);
        if (error is not null)
            errors.Add(new FieldError("topic", error));
        return (topic, filter);
    }
}
