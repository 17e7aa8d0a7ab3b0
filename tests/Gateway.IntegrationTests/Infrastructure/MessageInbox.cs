namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The messages one subscriber has received so far, in order, and a way to wait for the ones a
/// test expects without polling.
/// </summary>
internal sealed class MessageInbox
{
    private readonly List<ReceivedMessage> _received = [];
    private readonly Lock _gate = new();
    // Continuations run elsewhere, never inline on the thread that delivers a message.
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<ReceivedMessage> Received
    {
        get
        {
            lock (_gate)
                return _received.ToArray();
        }
    }

    public void Add(ReceivedMessage message)
    {
        TaskCompletionSource arrival;
        lock (_gate)
        {
            _received.Add(message);
            arrival = _arrival;
            _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        arrival.TrySetResult();
    }

    /// <summary>Waits until at least <paramref name="count"/> received messages match, and returns all that do.</summary>
    public async Task<IReadOnlyList<ReceivedMessage>> WaitForCountAsync(Func<ReceivedMessage, bool> match, int count, string expectation, TimeSpan deadline, Func<string>? diagnostics = null)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            Task arrival;
            lock (_gate)
            {
                var found = _received.Where(match).ToList();
                if (found.Count >= count)
                    return found;
                arrival = _arrival.Task;
            }
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new Xunit.Sdk.XunitException($"Waited {deadline.TotalSeconds} s for {expectation}; received instead:\n{string.Join('\n', Received)}\n{diagnostics?.Invoke()}");
            try
            {
                await arrival.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Checked once more above, then reported.
            }
        }
    }
}
