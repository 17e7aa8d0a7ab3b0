using System.Net.Http.Headers;

namespace Gateway.MqttHttp;

/// <summary>
/// POSTs a subscription's messages to its callback URL, one at a time and in order, as the Petal
/// callback server receives them. A failed attempt (no answer in <c>callback.timeout</c>, a network
/// error, 408, 429 or 5xx) is retried after a doubling backoff up to <c>callback.max-attempts</c>; any
/// other 4xx means the receiver refuses the message, which retrying would not change. A message
/// given up is counted and logged and the next one goes out. Each subscription has its own worker
/// and queue, so a slow or dead callback holds back only its own messages.
/// </summary>
public sealed class CallbackDelivery(HttpClient http, MqttHttpSettings settings, ILogger<CallbackDelivery> log) : IDisposable
{
    public const string SubscriptionHeader = "X-Subscription-Id";

    /// <summary>
    /// One connection pool for every callback, connecting only to allowed destinations
    /// (<see cref="CallbackDestinations.ConnectAsync"/>), without Nagle, so small bodies go out at
    /// once (the Petal document's callback server disables Nagle for the same reason).
    /// </summary>
    public static HttpClient CreateClient(MqttHttpSettings settings) =>
        new(new SocketsHttpHandler
        {
            ConnectTimeout = settings.CallbackTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = settings.CallbackDestinations.ConnectAsync,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>Delivers until the subscription is removed. Never throws: it runs unobserved.</summary>
    public async Task RunAsync(Subscription subscription)
    {
        var ct = subscription.Closed;
        try
        {
            await foreach (var message in subscription.Messages.ReadAllAsync(ct))
                await DeliverAsync(subscription, message, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Unsubscribed: whatever is still queued is not wanted any more.
        }
        catch (Exception e)
        {
            log.LogError(e, "Callback worker of subscription {Id} stopped", subscription.Id);
        }
    }

    private async Task DeliverAsync(Subscription subscription, BridgedMessage message, CancellationToken ct)
    {
        // A dead callback fails every message: warn when it starts failing and when it recovers, not for each message.
        var wasFailing = subscription.Health.State == CallbackHealth.Failing;
        var reason = "";
        for (var attempt = 1; attempt <= settings.CallbackMaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(settings.BackoffBefore(attempt), ct);
                subscription.Counters.AddRetried();
            }
            (var outcome, reason) = await PostAsync(subscription, message, ct);
            if (outcome == Outcome.Delivered)
            {
                if (wasFailing)
                    log.LogInformation("Callback {Url} of subscription {Id} delivers again", subscription.CallbackUrl, subscription.Id);
                subscription.Health = subscription.Health.Delivered(DateTimeOffset.UtcNow);
                subscription.Counters.AddDelivered();
                return;
            }
            if (outcome == Outcome.Refused)
                break;
            if (attempt < settings.CallbackMaxAttempts)
            {
                subscription.Health = subscription.Health.Errored(CallbackHealth.Retrying, reason, DateTimeOffset.UtcNow);
                log.LogDebug("Callback {Url} of subscription {Id}, attempt {Attempt}: {Reason}; retrying", subscription.CallbackUrl, subscription.Id, attempt, reason);
            }
        }

        subscription.Counters.AddFailed();
        subscription.Health = subscription.Health.Errored(CallbackHealth.Failing, reason, DateTimeOffset.UtcNow);
        log.Log(wasFailing ? LogLevel.Debug : LogLevel.Warning, "Callback {Url} of subscription {Id} failed: {Reason}; the message on {Topic} is given up (further failures are counted in /mqtt/status)",
            subscription.CallbackUrl, subscription.Id, reason, message.Topic);
    }

    private async Task<(Outcome, string)> PostAsync(Subscription subscription, BridgedMessage message, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.CallbackTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.CallbackUrl)
        {
            Content = new ByteArrayContent(message.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Headers = { { SubscriptionHeader, subscription.Id } },
        };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
                return (Outcome.Delivered, "");
            var status = (int)response.StatusCode;
            var reason = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            return (status is 408 or 429 or >= 500 ? Outcome.Retry : Outcome.Refused, reason);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (Outcome.Retry, $"no answer within {settings.CallbackTimeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return (Outcome.Retry, e.Message);
        }
    }

    public void Dispose() => http.Dispose();

    private enum Outcome
    {
        Delivered,
        Retry,
        Refused,
    }
}
