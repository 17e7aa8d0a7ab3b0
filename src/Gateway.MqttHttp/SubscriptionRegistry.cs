using Gateway.Mqtt;

namespace Gateway.MqttHttp;

/// <summary>
/// The gateway's HTTP subscriptions, in memory (a restart forgets them, as the Petal TypeScript
/// client does). The broker's thread reads the current array without a lock: every change swaps
/// in a new array under the lock, so <see cref="Dispatch"/> never waits for a subscribe. Each
/// subscription is also one to its filter on the transport (an external broker needs it), told
/// under the same lock, so a subscribe and an unsubscribe of one filter reach it in their order.
/// </summary>
public sealed class SubscriptionRegistry(MqttHttpSettings settings, CallbackDelivery callbacks, IMqttTransport transport, ILogger<SubscriptionRegistry> log)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task> _workers = [];
    private Subscription[] _subscriptions = [];

    /// <summary>What every subscription, present or removed, has delivered since the gateway started.</summary>
    public DeliveryCounters Totals { get; } = new();

    public IReadOnlyList<Subscription> All => Volatile.Read(ref _subscriptions);

    public Subscription? Find(string id) => Array.Find(Volatile.Read(ref _subscriptions), s => s.Id == id);

    /// <summary>
    /// Adds a subscription and starts its callback worker. Subscribing again to the same filter
    /// with the same callback answers the existing subscription, so a client that repeats its
    /// subscribe is not sent every message twice; streams are never shared. The subscription is
    /// null when <c>max-subscriptions</c> are already in place. <c>Subscribed</c> completes when the
    /// transport has the filter, with null or the broker's reason for refusing it.
    /// </summary>
    public (Subscription? Subscription, bool Created, Task<string?> Subscribed) Add(string topic, string filter, Uri? callbackUrl, SubscriptionKind kind)
    {
        var done = Task.FromResult<string?>(null);
        lock (_gate)
        {
            var current = _subscriptions;
            if (kind != SubscriptionKind.Stream
                && Array.Find(current, s => s.Kind == kind && s.Filter == filter && s.CallbackUrl == callbackUrl) is { } existing)
                return (existing, false, done);
            if (current.Length >= settings.MaxSubscriptions)
                return (null, false, done);
            var subscription = new Subscription(topic, filter, callbackUrl, kind, settings.QueueSize, Totals, OnDropped);
            if (kind == SubscriptionKind.Callback)
                _workers[subscription.Id] = Task.Run(() => callbacks.RunAsync(subscription));
            Volatile.Write(ref _subscriptions, [.. current, subscription]);
            var subscribed = transport.ObserveAsync(filter);
            log.LogInformation("Subscription {Id} to {Filter} ({Kind}{Callback})", subscription.Id, filter, kind,
                callbackUrl is null ? "" : $" to {callbackUrl}");
            return (subscription, true, subscribed);
        }
    }

    public bool Remove(Subscription subscription) => Remove(s => s == subscription).Count > 0;

    /// <summary>Removes the subscriptions made by <c>POST /mqtt/subscribe</c> to <paramref name="filter"/>; streams end with their request.</summary>
    public IReadOnlyList<Subscription> RemoveFilter(string filter) =>
        Remove(s => s.Kind != SubscriptionKind.Stream && s.Filter == filter);

    /// <summary>
    /// Hands a message the transport received to every subscription it matches and returns; the
    /// payload array is shared, as nobody writes to it (see <see cref="InboundMessage.Payload"/>).
    /// </summary>
    public void Dispatch(string topic, byte[] payload, int qos, bool retain)
    {
        BridgedMessage? message = null;
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (!TopicFilter.Matches(subscription.Filter, topic))
                continue;
            message ??= new BridgedMessage(topic, payload, qos, retain, DateTimeOffset.UtcNow);
            subscription.Offer(message);
        }
    }

    /// <summary>Removes every subscription and waits for the callback workers to stop (at shutdown).</summary>
    public async Task CloseAllAsync(CancellationToken ct)
    {
        Task[] workers;
        lock (_gate)
            workers = [.. _workers.Values];
        Remove(_ => true);
        await Task.WhenAll(workers).WaitAsync(ct);
    }

    private List<Subscription> Remove(Predicate<Subscription> which)
    {
        List<Subscription> removed;
        lock (_gate)
        {
            var current = _subscriptions;
            removed = [.. current.Where(s => which(s))];
            if (removed.Count == 0)
                return removed;
            Volatile.Write(ref _subscriptions, [.. current.Where(s => !which(s))]);
            foreach (var subscription in removed)
            {
                _workers.Remove(subscription.Id);
                transport.StopObserving(subscription.Filter);
            }
        }
        foreach (var subscription in removed)
        {
            subscription.Close();
            log.LogInformation("Subscription {Id} to {Filter} removed", subscription.Id, subscription.Filter);
        }
        return removed;
    }

    private void OnDropped(Subscription subscription, long dropped)
    {
        // The first drop says why; the rest are counted in /mqtt/status and /mqtt/subscriptions.
        if (dropped == 1)
            log.LogWarning("Subscription {Id} ({Kind}) is not keeping up: its queue of {Size} is full, so its oldest messages are being dropped",
                subscription.Id, subscription.Kind, settings.QueueSize);
    }
}
