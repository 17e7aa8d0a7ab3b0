using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.MqttHttp.IntegrationTests;

/// <summary>
/// The Petal App Manager's <c>/mqtt/*</c> surface of a real gateway process, over real TCP, with
/// mosquitto clients on the MQTT side and a Kestrel callback server on the HTTP side. Every test
/// uses topics of its own under a fresh prefix, so they share one gateway.
/// </summary>
public sealed class MqttHttpSpec(MqttHttpGateway gateway) : IClassFixture<MqttHttpGateway>, IAsyncLifetime
{
    private readonly string _prefix = $"petal-it/{Guid.NewGuid():N}";
    private CallbackReceiver _callbacks = null!;

    public async Task InitializeAsync() => _callbacks = await CallbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _callbacks.DisposeAsync();

    [Fact]
    public async Task A_publication_over_http_reaches_an_mqtt_subscriber()
    {
        var topic = $"{_prefix}/device/d1/telemetry";
        await using var subscriber = await MosquittoSubscriber.StartAsync(gateway.MqttPort, topic);

        var (status, answer) = await Post("/mqtt/publish", new { topic, payload = new { temperature = 23.5, tags = new[] { "a" } }, qos = 1 });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer.GetProperty("success").GetBoolean());
        Assert.Equal(topic, answer.GetProperty("topic").GetString());
        var first = await subscriber.WaitForAsync(m => m.Topic == topic, $"the publication on {topic}");
        Assert.Equal("""{"temperature":23.5,"tags":["a"]}""", first.Text);

        // A string payload is published as its JSON text, quotes included.
        await Post("/mqtt/publish", new { topic, payload = "hello", qos = 0 });
        var second = (await subscriber.WaitForCountAsync(m => m.Topic == topic, 2, $"a second publication on {topic}"))[1];
        Assert.Equal("\"hello\"", second.Text);
    }

    [Fact]
    public async Task A_pattern_subscription_posts_matching_mqtt_messages_to_its_callback()
    {
        var (status, subscription) = await Post("/mqtt/subscribe", new { topic = $"{_prefix}/*/device/*/telemetry", callback_url = _callbacks.Url("telemetry") });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal($"{_prefix}/+/device/+/telemetry", subscription.GetProperty("filter").GetString());
        var id = subscription.GetProperty("id").GetString();

        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/o1/gadget/d1/telemetry", """{"not":"matching"}""");
        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/o1/device/d1/telemetry", """{"battery": 84}""", qos: 1);
        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/o1/device/d2/telemetry", "not json", qos: 0);

        // Each subscription delivers in order, so the first callback shows the non-matching topic was skipped.
        var first = await _callbacks.NextAsync("telemetry");
        Assert.Equal(id, first.SubscriptionId);
        Assert.Equal("application/json", first.ContentType);
        Assert.Equal($"{_prefix}/o1/device/d1/telemetry", first.Json.GetProperty("topic").GetString());
        Assert.Equal(84, first.Json.GetProperty("payload").GetProperty("battery").GetInt32());
        Assert.Equal(1, first.Json.GetProperty("qos").GetInt32());
        Assert.False(first.Json.GetProperty("retain").GetBoolean());
        Assert.True(first.Json.GetProperty("received_at").TryGetDateTimeOffset(out _));

        var second = await _callbacks.NextAsync("telemetry");
        Assert.Equal($"{_prefix}/o1/device/d2/telemetry", second.Json.GetProperty("topic").GetString());
        Assert.Equal("not json", second.Json.GetProperty("payload").GetString());
        Assert.Equal(0, second.Json.GetProperty("qos").GetInt32());
    }

    [Fact]
    public async Task A_callback_failing_twice_is_retried_and_the_message_delivered_once()
    {
        _callbacks.Script("flaky", 500, 503);
        var (_, subscription) = await Post("/mqtt/subscribe", new { topic = $"{_prefix}/alerts", callback_url = _callbacks.Url("flaky") });
        var id = subscription.GetProperty("id").GetString();

        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/alerts", """{"n":1}""");
        var attempts = new[] { await _callbacks.NextAsync("flaky"), await _callbacks.NextAsync("flaky"), await _callbacks.NextAsync("flaky") };
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.Equal(1, attempts[0].Json.GetProperty("payload").GetProperty("n").GetInt32());

        // The next callback is the next message, not a fourth copy of the first.
        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/alerts", """{"n":2}""");
        Assert.Equal(2, (await _callbacks.NextAsync("flaky")).Json.GetProperty("payload").GetProperty("n").GetInt32());

        var delivery = default(JsonElement);
        await Eventually.Until(async () =>
        {
            delivery = (await Get($"/mqtt/subscriptions/{id}")).GetProperty("delivery");
            return delivery.GetProperty("delivered").GetInt64() == 2;
        }, delivered => delivered, "both messages to be counted as delivered", gateway.Process);
        Assert.Equal(2, delivery.GetProperty("retried").GetInt64());
        Assert.Equal(0, delivery.GetProperty("failed").GetInt64());
        Assert.Equal("ok", delivery.GetProperty("state").GetString());
        Assert.StartsWith("HTTP 503", delivery.GetProperty("last_error").GetString());
        Assert.True((await Get("/mqtt/status")).GetProperty("delivery").GetProperty("retried").GetInt64() >= 2);
    }

    [Fact]
    public async Task A_stream_carries_matching_messages_as_server_sent_events_until_the_client_leaves()
    {
        string id;
        using (var stream = await SseStream.OpenAsync(gateway.Http, $"/mqtt/stream?topic={Uri.EscapeDataString($"{_prefix}/*")}"))
        {
            Assert.Equal("text/event-stream", stream.ContentType);
            var (subscribed, subscription) = await stream.NextAsync();
            Assert.Equal("subscribed", subscribed);
            Assert.Equal($"{_prefix}/+", subscription.GetProperty("filter").GetString());
            Assert.Equal("stream", subscription.GetProperty("kind").GetString());
            id = subscription.GetProperty("id").GetString()!;

            await Post("/mqtt/publish", new { topic = $"{_prefix}/a", payload = new { n = 1 } });
            var (name, message) = await stream.NextAsync();
            Assert.Equal("message", name);
            Assert.Equal($"{_prefix}/a", message.GetProperty("topic").GetString());
            Assert.Equal(1, message.GetProperty("payload").GetProperty("n").GetInt32());

            await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/b/deeper", "not one level");
            await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/b", "text");
            (_, message) = await stream.NextAsync();
            Assert.Equal($"{_prefix}/b", message.GetProperty("topic").GetString());
            Assert.Equal("text", message.GetProperty("payload").GetString());
        }

        await Eventually.Until(async () => (await gateway.Http.GetAsync($"/mqtt/subscriptions/{id}")).StatusCode == HttpStatusCode.NotFound,
            gone => gone, "the stream's subscription to go when its client disconnected", gateway.Process);
    }

    [Fact]
    public async Task A_subscription_without_callback_keeps_messages_for_its_one_event_reader()
    {
        var (_, subscription) = await Post("/mqtt/subscribe", new { topic = $"{_prefix}/#" });
        Assert.Equal("events", subscription.GetProperty("kind").GetString());
        var id = subscription.GetProperty("id").GetString();
        await Post("/mqtt/publish", new { topic = $"{_prefix}/x", payload = 1 });
        await Post("/mqtt/publish", new { topic = _prefix, payload = 2 });

        using var stream = await SseStream.OpenAsync(gateway.Http, $"/mqtt/subscriptions/{id}/events");
        Assert.Equal("subscribed", (await stream.NextAsync()).Event);
        Assert.Equal(1, (await stream.NextAsync()).Data.GetProperty("payload").GetInt32());
        Assert.Equal(2, (await stream.NextAsync()).Data.GetProperty("payload").GetInt32());

        using var second = await gateway.Http.GetAsync($"/mqtt/subscriptions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Unsubscribing_stops_delivery()
    {
        var (_, gone) = await Post("/mqtt/subscribe", new { topic = $"{_prefix}/x", callback_url = _callbacks.Url("gone") });
        var (_, witness) = await Post("/mqtt/subscribe", new { topic = $"{_prefix}/#", callback_url = _callbacks.Url("witness") });
        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/x", "1");
        Assert.Equal(1, (await _callbacks.NextAsync("gone")).Json.GetProperty("payload").GetInt32());
        Assert.Equal(1, (await _callbacks.NextAsync("witness")).Json.GetProperty("payload").GetInt32());

        var (status, answer) = await Post("/mqtt/unsubscribe", new { topic = $"{_prefix}/x" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(gone.GetProperty("id").GetString(), answer.GetProperty("removed")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Post("/mqtt/unsubscribe", new { topic = $"{_prefix}/x" })).Status);

        // The witness receiving the next message shows it was dispatched; the removed subscription was not there to get it.
        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/x", "2");
        Assert.Equal(2, (await _callbacks.NextAsync("witness")).Json.GetProperty("payload").GetInt32());
        Assert.Equal(0, _callbacks.Waiting("gone"));

        Assert.Equal(HttpStatusCode.OK, (await Post("/mqtt/unsubscribe", new { subscription_id = witness.GetProperty("id").GetString() })).Status);
    }

    [Theory]
    [InlineData("/mqtt/publish", """{"payload":1,"qos":2}""", "topic,qos")]
    [InlineData("/mqtt/publish", """{"topic":"a/+/b","payload":1}""", "topic")]
    [InlineData("/mqtt/publish", """{"topic":"a","qos":"1"}""", "payload,qos")]
    [InlineData("/mqtt/publish", """not json""", "$")]
    [InlineData("/mqtt/subscribe", """{"topic":"a/#/b"}""", "topic")]
    [InlineData("/mqtt/subscribe", """{"topic":"a+/b"}""", "topic")]
    [InlineData("/mqtt/subscribe", """{"topic":"a","callback_url":"ftp://host/cb"}""", "callback_url")]
    [InlineData("/mqtt/subscribe", """{"topic":"a","callbackUrl":"http://host/cb"}""", "callbackUrl")]
    [InlineData("/mqtt/subscribe", """{"topic":"a","callback_url":"http://10.1.2.3/cb"}""", "callback_url")] // not an allowed destination
    [InlineData("/mqtt/unsubscribe", """{}""", "topic")]
    public async Task An_invalid_body_is_a_400_naming_each_bad_field(string path, string body, string fields)
    {
        using var response = await gateway.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal(fields.Split(',').Order(), errors.EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task An_invalid_stream_topic_is_a_400()
    {
        using var response = await gateway.Http.GetAsync($"/mqtt/stream?topic={Uri.EscapeDataString("a/#/b")}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("topic", out _));
    }

    [Fact]
    public async Task Status_and_the_subscription_list_reflect_the_state()
    {
        var status = await Get("/mqtt/status");
        Assert.True(status.GetProperty("connected").GetBoolean());
        Assert.Equal("embedded", status.GetProperty("broker").GetProperty("mode").GetString());
        Assert.True(status.GetProperty("broker").GetProperty("ready").GetBoolean());
        Assert.EndsWith($":{gateway.MqttPort}", status.GetProperty("broker").GetProperty("state").GetString());
        Assert.True(status.GetProperty("bridge").GetProperty("attached").GetBoolean());

        var (_, subscription) = await Post("/mqtt/subscribe", new { topic = $"{_prefix}/*/device/*/command", callback_url = _callbacks.Url("status") });
        var id = subscription.GetProperty("id").GetString();
        var (again, same) = await Post("/mqtt/subscribe", new { topic = $"{_prefix}/+/device/+/command", callback_url = _callbacks.Url("status") });
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(id, same.GetProperty("id").GetString());

        var list = await Get("/mqtt/subscriptions");
        var listed = list.GetProperty("subscriptions").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
        Assert.Equal(list.GetProperty("count").GetInt32(), list.GetProperty("subscriptions").GetArrayLength());
        Assert.Equal($"{_prefix}/*/device/*/command", listed.GetProperty("topic").GetString());
        Assert.Equal($"{_prefix}/+/device/+/command", listed.GetProperty("filter").GetString());
        Assert.Equal(_callbacks.Url("status"), listed.GetProperty("callback_url").GetString());
        Assert.Equal("idle", listed.GetProperty("delivery").GetProperty("state").GetString());
        var counts = (await Get("/mqtt/status")).GetProperty("subscriptions");
        Assert.True(counts.GetProperty("total").GetInt32() >= 1 && counts.GetProperty("callback").GetInt32() >= 1);

        await Mosquitto.PublishAsync(gateway.MqttPort, $"{_prefix}/o/device/d/command", """{"command":"get_status"}""");
        await _callbacks.NextAsync("status");
        await Eventually.Until(async () => (await Get($"/mqtt/subscriptions/{id}")).GetProperty("delivery").GetProperty("state").GetString() == "ok",
            ok => ok, "the callback to show as ok", gateway.Process);
        Assert.True((await Get("/mqtt/status")).GetProperty("delivery").GetProperty("delivered").GetInt64() >= 1);

        await Post("/mqtt/unsubscribe", new { subscription_id = id });
        Assert.DoesNotContain((await Get("/mqtt/subscriptions")).GetProperty("subscriptions").EnumerateArray(), s => s.GetProperty("id").GetString() == id);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, object body)
    {
        using var response = await gateway.Http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private async Task<JsonElement> Get(string path)
    {
        using var response = await gateway.Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
