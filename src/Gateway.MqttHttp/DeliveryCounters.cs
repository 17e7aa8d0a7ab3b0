namespace Gateway.MqttHttp;

/// <summary>
/// Message counts of one subscription, which also add to the gateway-wide totals they were given,
/// so <c>GET /mqtt/status</c> still counts what removed subscriptions delivered.
/// </summary>
public sealed class DeliveryCounters(DeliveryCounters? totals = null)
{
    private long _delivered;
    private long _failed;
    private long _retried;
    private long _dropped;

    /// <summary>Messages a callback answered with 2xx, or an event stream wrote.</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    /// <summary>Messages given up after their last attempt.</summary>
    public long Failed => Volatile.Read(ref _failed);

    /// <summary>Attempts after the first one of a message.</summary>
    public long Retried => Volatile.Read(ref _retried);

    /// <summary>Messages pushed out of a full queue, oldest first.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    public void AddDelivered()
    {
        Interlocked.Increment(ref _delivered);
        totals?.AddDelivered();
    }

    public void AddFailed()
    {
        Interlocked.Increment(ref _failed);
        totals?.AddFailed();
    }

    public void AddRetried()
    {
        Interlocked.Increment(ref _retried);
        totals?.AddRetried();
    }

    /// <summary>Counts a dropped message and answers how many this counter has dropped so far.</summary>
    public long AddDropped()
    {
        totals?.AddDropped();
        return Interlocked.Increment(ref _dropped);
    }
}
