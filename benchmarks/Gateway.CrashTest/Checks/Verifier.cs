using System.Collections.Concurrent;
using System.Text.Json;
using Gateway.CrashTest.Load;

namespace Gateway.CrashTest.Checks;

/// <summary>
/// Looks for every confirmation in the restarted gateway, through its HTTP API only: one device
/// view per device (recent_events, desired state, the AWS shadows) and one GET per command. A
/// device's answer to a command is there when the command is acknowledged, or when it was taken
/// after the command had timed out (an outage delays answers): then the gateway records it as
/// <c>late_acknowledged_at</c>, and it is counted as late.
/// </summary>
public sealed class Verifier(ApiReader api)
{
    private const int Parallel = 16;
    private const int ExamplesKept = 20;

    public async Task<CheckResult> CheckAsync(IReadOnlyCollection<Confirmation> confirmations, CancellationToken ct)
    {
        var found = CheckKinds.All.ToDictionary(k => k, _ => 0L);
        var missing = new ConcurrentQueue<(CheckKind Kind, string What)>();
        long late = 0;
        void Report(Confirmation c, bool there, string what)
        {
            if (!there)
                missing.Enqueue((c.Kind, $"{c.Kind} {c.Device.Kind}/{c.Device.Id} {c.Marker}: {what}"));
        }

        var byDevice = confirmations.Where(c => c.Kind.Place is not (CheckPlace.Command or CheckPlace.CommandAcknowledged)).GroupBy(c => c.Device);
        await System.Threading.Tasks.Parallel.ForEachAsync(byDevice, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (device, token) =>
        {
            using var view = await api.GetAsync(device.Key.ApiPath, token);
            foreach (var c in device)
                Report(c, view is not null && InView(view.RootElement, c), view is null ? "the device is unknown (404)" : "not in the device view");
        });

        var byCommand = confirmations.Where(c => c.Kind.Place is CheckPlace.Command or CheckPlace.CommandAcknowledged).GroupBy(c => (c.Device, c.Reference!));
        await System.Threading.Tasks.Parallel.ForEachAsync(byCommand, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct }, async (command, token) =>
        {
            var (device, commandId) = command.Key;
            using var view = await api.GetAsync($"{device.ApiPath}/commands/{commandId}", token);
            var outcome = view?.RootElement.GetProperty("outcome") is { ValueKind: JsonValueKind.String } o ? o.GetString() : null;
            var answeredLate = view?.RootElement.TryGetProperty("late_acknowledged_at", out var at) == true && at.ValueKind == JsonValueKind.String;
            foreach (var c in command)
            {
                if (c.Kind.Place == CheckPlace.Command)
                    Report(c, view is not null, "the command is unknown (404)");
                else
                {
                    if (outcome != "acknowledged" && answeredLate)
                        Interlocked.Increment(ref late);
                    Report(c, outcome == "acknowledged" || answeredLate,
                        view is null ? "the command is unknown (404)" : $"outcome {outcome ?? "null"}, status {view.RootElement.GetProperty("status")}, no late_acknowledged_at");
                }
            }
        });

        var lost = missing.ToArray();
        var checkedCounts = confirmations.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => (long)g.Count());
        return new CheckResult(
            CheckKinds.All.ToDictionary(k => k, k => checkedCounts.GetValueOrDefault(k)),
            CheckKinds.All.ToDictionary(k => k, k => (long)lost.Count(l => l.Kind == k)),
            lost.Take(ExamplesKept).Select(l => l.What).ToList(),
            late);
    }

    /// <summary>Whether the view holds the confirmation: an event with its marker, or a state key with its value.</summary>
    private static bool InView(JsonElement view, Confirmation c) => c.Kind.Place switch
    {
        CheckPlace.ShadowReported => HasValue(AwsClassicState(view, "reported"), c),
        CheckPlace.Desired => HasValue(c.Device.Kind == "anc" ? AwsClassicState(view, "desired") : view.GetProperty("shadow").GetProperty("desired"), c),
        CheckPlace.RecentEvents => view.GetProperty("recent_events").EnumerateArray().Any(e =>
            e.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("marker", out var m) && m.ValueEquals(c.Marker)),
        _ => throw new InvalidOperationException($"{c.Kind} is not checked in the device view"),
    };

    /// <summary>An ANC thing's classic AWS shadow, which its view keeps under extension.aws_shadows.</summary>
    private static JsonElement? AwsClassicState(JsonElement view, string part) =>
        view.TryGetProperty("extension", out var ext) && ext.TryGetProperty("aws_shadows", out var shadows)
        && shadows.TryGetProperty("classic", out var classic) && classic.ValueKind == JsonValueKind.Object
        && classic.GetProperty("state").TryGetProperty(part, out var state) ? state : null;

    private static bool HasValue(JsonElement? state, Confirmation c) =>
        state is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(c.Reference!, out var value) && value.ValueEquals(c.Marker);
}
