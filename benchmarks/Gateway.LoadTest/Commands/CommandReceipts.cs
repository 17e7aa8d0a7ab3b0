namespace Gateway.LoadTest.Commands;

/// <summary>What the simulated devices did with the commands the gateway delivered to them (retries included).</summary>
public sealed class CommandReceipts
{
    private long _received;
    private long _acknowledged;
    private long _ignored;
    private long _unreadable;

    public long Received => Volatile.Read(ref _received);

    public long Acknowledged => Volatile.Read(ref _acknowledged);

    public long Ignored => Volatile.Read(ref _ignored);

    /// <summary>Commands whose name or id the device could not read: a gateway or tool bug.</summary>
    public long Unreadable => Volatile.Read(ref _unreadable);

    public void Acknowledge() => Count(ref _acknowledged);

    public void Ignore() => Count(ref _ignored);

    public void Unread() => Count(ref _unreadable);

    private void Count(ref long counter)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Increment(ref counter);
    }
}
