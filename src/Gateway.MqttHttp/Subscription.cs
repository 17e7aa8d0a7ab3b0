using System.Threading.Channels;

namespace Gateway.MqttHttp;

/// <summary>
/// One HTTP subscription: the filter it matches and a bounded queue of matching messages for its
/// one consumer (a callback worker or an event stream). The queue drops its oldest message when
/// full, so a slow or dead consumer costs memory up to that bound and never slows the broker.
/// </summary>
public sealed class Subscription
{
    private readonly Channel<BridgedMessage> _queue;
    private readonly CancellationTokenSource _closed = new();
    private volatile CallbackHealth _health = CallbackHealth.Initial;
    private int _readers;

    public Subscription(string topic, string filter, Uri? callbackUrl, SubscriptionKind kind, int queueSize, DeliveryCounters totals, Action<Subscription, long> dropped)
    {
        Id = $"sub-{Guid.NewGuid():N}"[..16];
        Topic = topic;
        Filter = filter;
        CallbackUrl = callbackUrl;
        Kind = kind;
        CreatedAt = DateTimeOffset.UtcNow;
        Counters = new DeliveryCounters(totals);
        _queue = Channel.CreateBounded<BridgedMessage>(
            new BoundedChannelOptions(queueSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => dropped(this, Counters.AddDropped()));
    }

    public string Id { get; }

    /// <summary>The topic as the client sent it: a filter or a Petal pattern.</summary>
    public string Topic { get; }

    /// <summary>The MQTT filter <see cref="Topic"/> maps to, which messages are matched against.</summary>
    public string Filter { get; }

    public Uri? CallbackUrl { get; }

    public SubscriptionKind Kind { get; }

    public DateTimeOffset CreatedAt { get; }

    public DeliveryCounters Counters { get; }

    /// <summary>Written by the callback worker only; read by the status endpoints.</summary>
    public CallbackHealth Health
    {
        get => _health;
        set => _health = value;
    }

    public ChannelReader<BridgedMessage> Messages => _queue.Reader;

    public int Queued => _queue.Reader.Count;

    /// <summary>Cancelled when the subscription is removed, which stops its consumer.</summary>
    public CancellationToken Closed => _closed.Token;

    public bool IsReaderAttached => Volatile.Read(ref _readers) > 0;

    /// <summary>Never waits: a full queue drops its oldest message; a closed one ignores the offer.</summary>
    public void Offer(BridgedMessage message) => _queue.Writer.TryWrite(message);

    /// <summary>Claims the queue for one event stream; a second stream would take every other message.</summary>
    public bool TryAttachReader() => Interlocked.CompareExchange(ref _readers, 1, 0) == 0;

    public void DetachReader() => Volatile.Write(ref _readers, 0);

    public void Close()
    {
        _queue.Writer.TryComplete();
        _closed.Cancel();
    }
}
