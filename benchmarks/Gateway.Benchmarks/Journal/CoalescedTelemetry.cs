using Gateway.Devices.Journal;
using Gateway.Contracts.Json;
using Gateway.Devices.Shadow;

namespace Gateway.Benchmarks.Journal;

/// <summary>
/// The telemetry event a drone's device actor journals with the shipped policy
/// (<c>gateway.telemetry.persist = coalesce</c>): the fields one window changed, each with its
/// value and update time, built by the same shadow code the actor uses. A drone in flight
/// changes nearly every field each second, so every field of its telemetry is in it.
/// </summary>
public static class CoalescedTelemetry
{
    public static ReportedMerged Drone()
    {
        var at = DateTimeOffset.UtcNow;
        var reported = new ShadowDocument();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        reported.Merge(Payloads.DroneTelemetry, at, changed);
        return new ReportedMerged("coalesced", RawJson.EmptyObject, at, Version: 1, Fields: reported.Snapshot(changed, at));
    }
}
