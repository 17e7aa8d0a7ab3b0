using System.IO.Pipelines;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// The connection's input as MQTTnet reads it, with each packet's fixed header checked before
/// MQTTnet waits for (and allocates) the body its length claims. MQTTnet consumes whole packets
/// only, so every read starts at a packet boundary and one header per read is all there is to check.
/// </summary>
internal sealed class BoundedPacketReader(PipeReader inner, GuardedConnection connection) : PipeReader
{
    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var read = inner.ReadAsync(cancellationToken);
        if (!read.IsCompletedSuccessfully)
            return Checked(read);
        var result = read.Result;
        connection.Inspect(result.Buffer);
        return new ValueTask<ReadResult>(result);
    }

    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
            return false;
        connection.Inspect(result.Buffer);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead() => inner.CancelPendingRead();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private async ValueTask<ReadResult> Checked(ValueTask<ReadResult> read)
    {
        var result = await read.ConfigureAwait(false);
        connection.Inspect(result.Buffer);
        return result;
    }
}
