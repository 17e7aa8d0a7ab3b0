using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Devices.Actors;
using Gateway.Devices.Settings;
using Gateway.Protocols;

namespace Gateway.Benchmarks.Infrastructure;

/// <summary>What the device actor benchmarks share: the actors' context and the drone telemetry they are told.</summary>
public static class BenchmarkDevices
{
    public const int Count = 100;

    /// <summary>Every family's settings from <paramref name="config"/>; the broker and the registry are a sink.</summary>
    public static DeviceActorContext Context(Config config, IActorRef sink) =>
        DeviceActorContext.Create(config, DeviceProfiles.Create(config), sink, sink);

    public static string Entity(int device) => $"drone/bench-{device}";

    /// <summary>
    /// Two telemetry messages for one drone, told in turn. The payload names its own drone (else it
    /// is rejected), and the alternating battery makes every message change the shadow, as live
    /// telemetry does.
    /// </summary>
    public static DeviceInput[] Telemetry(int device)
    {
        var own = Encoding.UTF8.GetString(Payloads.DroneTelemetry).Replace("Alpha-3", $"bench-{device}");
        return [Input(device, own), Input(device, own.Replace("\"battery\":84", "\"battery\":83"))];
    }

    /// <summary>
    /// Tells <paramref name="messages"/> telemetry messages round-robin over the devices (each
    /// through <paramref name="route"/>: the actor itself or the shard region), then waits for them.
    /// </summary>
    public static void Tell(Func<int, IActorRef> route, DeviceInput[][] inputs, int messages)
    {
        for (var i = 0; i < messages; i++)
        {
            var d = i % inputs.Length;
            route(d).Tell(inputs[d][(i / inputs.Length) & 1], ActorRefs.NoSender);
        }
        WaitForAll(route, inputs.Length);
    }

    /// <summary>A device answers after everything sent to it before, so one answer each means all were applied.</summary>
    public static DeviceView[] WaitForAll(Func<int, IActorRef> route, int devices)
    {
        var views = new Task<DeviceView>[devices];
        for (var d = 0; d < devices; d++)
            views[d] = route(d).Ask<DeviceView>(new GetDeviceView(Entity(d)), TimeSpan.FromMinutes(1));
        Task.WaitAll(views);
        return views.Select(v => v.Result).ToArray();
    }

    /// <summary>A rejected payload would measure the rejection path instead: refuse to run on one.</summary>
    public static void RefuseRejected(IEnumerable<DeviceView> views)
    {
        if (views.FirstOrDefault(v => v.RecentRejections.Count > 0) is { } rejected)
            throw new InvalidOperationException($"benchmark telemetry is rejected: {rejected.RecentRejections[0].Reason}");
    }

    private static DeviceInput Input(int device, string json) =>
        new(Entity(device), DeviceChannel.Telemetry, $"/drone/bench-{device}/telemetry", Encoding.UTF8.GetBytes(json), DateTimeOffset.UtcNow);
}
