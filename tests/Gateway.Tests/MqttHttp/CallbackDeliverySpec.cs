using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Gateway.MqttHttp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static Gateway.Tests.MqttHttp.MqttHttpTestSettings;

namespace Gateway.Tests.MqttHttp;

public sealed class CallbackDeliverySpec
{
    private static readonly Uri Callback = new("http://callback.test/mqtt");

    [Fact]
    public async Task A_callback_failing_twice_is_retried_and_delivered_once()
    {
        var receiver = new Receiver(HttpStatusCode.InternalServerError, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        var (subscription, worker) = Start(receiver);

        subscription.Offer(Message("a/1", "{\"n\":1}"));
        await Eventually(() => subscription.Counters.Delivered == 1, "delivered");

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        Assert.All(receiver.Requests, r => Assert.Equal(subscription.Id, r.SubscriptionId));
        Assert.All(receiver.Requests, r => Assert.Equal("application/json", r.ContentType));
        Assert.Equal(2, subscription.Counters.Retried);
        Assert.Equal(0, subscription.Counters.Failed);
        Assert.Equal(CallbackHealth.Ok, subscription.Health.State);
        Assert.Equal("HTTP 503 Service Unavailable", subscription.Health.LastError);
        await Stop(subscription, worker);
    }

    [Fact]
    public async Task A_message_failing_every_attempt_is_given_up_and_the_next_one_goes_out()
    {
        var receiver = new Receiver(HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.BadGateway, HttpStatusCode.OK);
        var (subscription, worker) = Start(receiver);

        subscription.Offer(Message("a/1", "1"));
        subscription.Offer(Message("a/2", "2"));
        await Eventually(() => subscription.Counters.Delivered == 1, "second message delivered");

        Assert.Equal(1, subscription.Counters.Failed);
        Assert.Equal(2, subscription.Counters.Retried);
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Contains("\"topic\":\"a/2\"", receiver.Requests[^1].Body);
        await Stop(subscription, worker);
    }

    [Fact]
    public async Task A_refusing_callback_is_not_retried()
    {
        var receiver = new Receiver(HttpStatusCode.BadRequest);
        var (subscription, worker) = Start(receiver);

        subscription.Offer(Message("a/1", "1"));
        await Eventually(() => subscription.Counters.Failed == 1, "failed");

        Assert.Single(receiver.Requests);
        Assert.Equal(0, subscription.Counters.Retried);
        Assert.Equal(CallbackHealth.Failing, subscription.Health.State);
        Assert.Equal("HTTP 400 Bad Request", subscription.Health.LastError);
        await Stop(subscription, worker);
    }

    [Fact]
    public async Task Unreachable_and_silent_callbacks_are_retried()
    {
        var receiver = new Receiver(Receiver.Unreachable, Receiver.Silent, HttpStatusCode.OK);
        var (subscription, worker) = Start(receiver, With(callbackTimeout: TimeSpan.FromMilliseconds(100)));

        subscription.Offer(Message("a/1", "1"));
        await Eventually(() => subscription.Counters.Delivered == 1, "delivered");

        Assert.Equal(2, subscription.Counters.Retried);
        Assert.Equal("no answer within 100 ms", subscription.Health.LastError);
        await Stop(subscription, worker);
    }

    [Fact]
    public async Task Totals_count_what_every_subscription_delivered()
    {
        var totals = new DeliveryCounters();
        var receiver = new Receiver(HttpStatusCode.OK);
        var (first, firstWorker) = Start(receiver, totals: totals);
        var (second, secondWorker) = Start(receiver, totals: totals);

        first.Offer(Message("a/1", "1"));
        second.Offer(Message("a/2", "2"));
        await Eventually(() => totals.Delivered == 2, "both delivered");
        await Stop(first, firstWorker);
        await Stop(second, secondWorker);
    }

    private static (Subscription, Task) Start(Receiver receiver, MqttHttpSettings? settings = null, DeliveryCounters? totals = null)
    {
        settings ??= With();
        var subscription = new Subscription("a/*", "a/+", Callback, SubscriptionKind.Callback, settings.QueueSize, totals ?? new DeliveryCounters(), (_, _) => { });
        var delivery = new CallbackDelivery(new HttpClient(receiver), settings, NullLogger<CallbackDelivery>.Instance);
        return (subscription, Task.Run(() => delivery.RunAsync(subscription)));
    }

    private static async Task Stop(Subscription subscription, Task worker)
    {
        subscription.Close();
        await worker;
    }

    private static BridgedMessage Message(string topic, string payload) =>
        new(topic, Encoding.UTF8.GetBytes(payload), 1, false, DateTimeOffset.UtcNow);

    /// <summary>A callback server that answers each request with the next scripted outcome (the last one repeats).</summary>
    private sealed class Receiver(params HttpStatusCode[] script) : HttpMessageHandler
    {
        public const HttpStatusCode Unreachable = (HttpStatusCode)(-1);
        public const HttpStatusCode Silent = (HttpStatusCode)(-2);

        private readonly ConcurrentQueue<HttpStatusCode> _script = new(script);
        private HttpStatusCode _last = HttpStatusCode.OK;

        public List<(string Body, string? SubscriptionId, string? ContentType)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = await request.Content!.ReadAsStringAsync(ct);
            lock (Requests)
                Requests.Add((body, request.Headers.GetValues(CallbackDelivery.SubscriptionHeader).Single(), request.Content.Headers.ContentType?.MediaType));
            var outcome = _script.TryDequeue(out var next) ? _last = next : _last;
            if (outcome == Unreachable)
                throw new HttpRequestException("Connection refused (callback.test:80)");
            if (outcome == Silent)
                await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(outcome);
        }
    }
}
