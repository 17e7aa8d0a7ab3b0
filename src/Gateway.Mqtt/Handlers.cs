namespace Gateway.Mqtt;

/// <summary>
/// The transports' list of inbound handlers: the receiving thread reads the current array without a
/// lock; attaching or detaching swaps in a new one (rare: at start and stop).
/// </summary>
internal static class Handlers
{
    private static readonly Lock Gate = new();

    public static void Add(ref InboundHandler[] handlers, InboundHandler handler)
    {
        lock (Gate)
            Volatile.Write(ref handlers, [.. handlers, handler]);
    }

    public static void Remove(ref InboundHandler[] handlers, InboundHandler handler)
    {
        lock (Gate)
            Volatile.Write(ref handlers, [.. handlers.Where(h => h != handler)]);
    }

    /// <summary>
    /// Hands the message to every handler before waiting on any, so an observer never waits behind
    /// a journal write; then the worst of their answers. Completed at once unless a QoS 1 device
    /// message waits for its write.
    /// </summary>
    public static ValueTask<Receipt> Deliver(InboundHandler[] handlers, in InboundMessage message)
    {
        var receipt = Receipt.Taken;
        List<ValueTask<Receipt>>? pending = null;
        foreach (var handler in handlers)
        {
            var answer = handler(in message);
            if (answer.IsCompletedSuccessfully)
                receipt = Receipt.Worse(receipt, answer.Result);
            else
                (pending ??= []).Add(answer);
        }
        return pending is null ? new(receipt) : new(AwaitAll(receipt, pending));
    }

    private static async Task<Receipt> AwaitAll(Receipt receipt, List<ValueTask<Receipt>> pending)
    {
        foreach (var answer in pending)
            receipt = Receipt.Worse(receipt, await answer);
        return receipt;
    }
}
