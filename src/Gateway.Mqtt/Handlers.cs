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
}
