using System.Buffers;
using System.IO.Pipelines;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// The connection's input as MQTTnet reads it, with each packet's fixed header checked before
/// MQTTnet waits for (and allocates) the body its length claims. MQTTnet consumes whole packets
/// only, so every read starts at a packet boundary and one header per read is all there is to check.
/// </summary>
/// <remarks>
/// When an MQTT 5 client must be told why it is disconnected, its offending packet is held back:
/// the broker sends the DISCONNECT and stops the connection, which cancels MQTTnet's read; the read
/// then ends as cancelled and empty, which ends MQTTnet's receive loop without failing the output
/// the DISCONNECT is still leaving by.
/// </remarks>
internal sealed class BoundedPacketReader(PipeReader inner, GuardedConnection connection, Action<ClientDisconnect, GuardedConnection> disconnect) : PipeReader
{
    private bool _held;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_held)
            return HeldAsync(cancellationToken);
        var read = inner.ReadAsync(cancellationToken);
        return read.IsCompletedSuccessfully ? Checked(read.Result, cancellationToken) : CheckedAsync(read, cancellationToken);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (_held || !inner.TryRead(out result))
        {
            result = default;
            return false;
        }
        if (connection.Inspect(result.Buffer) is not { } refusal)
            return true;
        Hold(result, refusal);
        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed)
    {
        if (!_held)
            inner.AdvanceTo(consumed);
    }

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (!_held)
            inner.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private async ValueTask<ReadResult> CheckedAsync(ValueTask<ReadResult> read, CancellationToken cancellationToken) =>
        await Checked(await read.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private ValueTask<ReadResult> Checked(ReadResult result, CancellationToken cancellationToken)
    {
        if (connection.Inspect(result.Buffer) is not { } refusal)
            return new ValueTask<ReadResult>(result);
        Hold(result, refusal);
        return HeldAsync(cancellationToken);
    }

    private void Hold(ReadResult result, ClientDisconnect refusal)
    {
        inner.AdvanceTo(result.Buffer.Start);
        _held = true;
        disconnect(refusal, connection);
    }

    private async ValueTask<ReadResult> HeldAsync(CancellationToken cancellationToken)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Context.ConnectionClosed);
        await Task.Delay(Timeout.Infinite, ended.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new ReadResult(ReadOnlySequence<byte>.Empty, isCanceled: true, isCompleted: false);
    }
}
