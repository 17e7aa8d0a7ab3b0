using Gateway.Devices.History;

namespace Gateway.Devices.State;

/// <summary>Retention in the device's own memory: its recent views keep nothing older than their channel's period.</summary>
public sealed partial class DeviceState
{
    /// <summary>
    /// Drops recent events and transcript lines whose retention period has passed at
    /// <paramref name="now"/>, so the view (and the snapshots taken from it) never shows what the
    /// journal no longer keeps. True when the view changed. Both queues are in arrival order, so
    /// each stops at its first line still kept.
    /// </summary>
    public bool Prune(DateTimeOffset now)
    {
        var changed = false;
        if (Retention.CutoffOf(HistoryChannel.Events, now) is { } events)
            while (_recentEvents.TryPeek(out var e) && e.ReceivedAt < events)
            {
                _recentEvents.Dequeue();
                changed = true;
            }
        if (Retention.CutoffOf(HistoryChannel.Transcript, now) is { } transcript)
            while (_recentTranscript.TryPeek(out var line) && line.At < transcript)
            {
                _recentTranscript.Dequeue();
                changed = true;
            }
        return changed;
    }
}
