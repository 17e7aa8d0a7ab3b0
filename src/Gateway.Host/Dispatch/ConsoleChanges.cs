using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Gateway.Contracts.Watching;

namespace Gateway.Host.Dispatch;

/// <summary>
/// What a console's watch subscribers write their changes to: each change goes straight to the
/// session, which picks, formats and queues it (or drops the console whose queue is full), so a
/// change is never held in a second queue. Never full, never waits.
/// </summary>
internal sealed class ConsoleChanges(DispatchSession session) : ChannelWriter<IDeviceChange>
{
    public override bool TryWrite(IDeviceChange item)
    {
        session.OnChange(item);
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken ct = default) => new(true);

    // A subscriber completes its writer as it stops; the session ends on its own terms.
    public override bool TryComplete([AllowNull] Exception error = null) => true;
}
