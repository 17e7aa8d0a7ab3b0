using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;
using Gateway.Devices.Watching;
using Gateway.Devices.Sharding;

namespace Gateway.Client;

/// <summary>
/// The gateway's devices, from another process in its cluster. Every call goes to the device's
/// actor through a shard region proxy, waits at most <see cref="GatewayClientOptions.AskTimeout"/>
/// (or the caller's cancellation), and answers the expected failures as a <see cref="GatewayError"/>.
/// </summary>
public sealed class GatewayClient(ActorSystem system, IRequiredActor<DeviceRegion> region, GatewayClientOptions options)
{
    /// <summary>Waits until this process is a cluster member; false if it is not within <see cref="GatewayClientOptions.JoinTimeout"/>.</summary>
    public async Task<bool> WaitUntilJoinedAsync(CancellationToken ct = default)
    {
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        var finished = await Task.WhenAny(up.Task, Task.Delay(options.JoinTimeout, ct));
        ct.ThrowIfCancellationRequested();
        return finished == up.Task;
    }

    public async Task<GatewayResult<DeviceView>> GetDeviceAsync(DeviceKey device, CancellationToken ct = default) =>
        await AskAsync(new GetDeviceView(device.EntityId), options.AskTimeout, ct) switch
        {
            DeviceView view => GatewayResult<DeviceView>.Ok(view),
            DeviceNotFound => GatewayResult<DeviceView>.Fail(GatewayErrorKind.NotFound, $"no {device.Kind} '{device.EntityId}' has been seen"),
            var other => Unexpected<DeviceView>(device, other),
        };

    /// <summary>Submits a command as its family's document spells it; the answer is its acceptance (journaled, about to be sent).</summary>
    public async Task<GatewayResult<CommandView>> SubmitCommandAsync(DeviceKey device, string commandJson, CancellationToken ct = default) =>
        await AskAsync(new SubmitCommand(device.EntityId, RawJson.Parse(commandJson)), options.AskTimeout, ct) switch
        {
            CommandSubmitted submitted => GatewayResult<CommandView>.Ok(submitted.Command),
            CommandInvalid invalid => GatewayResult<CommandView>.Fail(GatewayErrorKind.Invalid, "the command is not valid", invalid.Errors),
            var other => Unexpected<CommandView>(device, other),
        };

    /// <summary>
    /// Submits a command and waits for its outcome (<see cref="CommandOutcomes.OutcomeOf"/>):
    /// acknowledged, failed, or timed out after the gateway's retries.
    /// </summary>
    public async Task<GatewayResult<CommandView>> SendCommandAsync(DeviceKey device, string commandJson, CancellationToken ct = default)
    {
        var submitted = await SubmitCommandAsync(device, commandJson, ct);
        return submitted.Value is { } command ? await AwaitCommandAsync(device, command.CommandId, ct) : submitted;
    }

    /// <summary>Waits for a command to settle, at most <see cref="GatewayClientOptions.CommandWaitLimit"/>.</summary>
    public async Task<GatewayResult<CommandView>> AwaitCommandAsync(DeviceKey device, string commandId, CancellationToken ct = default) =>
        CommandReply(device, commandId, await AskAsync(new AwaitCommandSettled(device.EntityId, commandId), options.CommandWaitLimit, ct));

    public async Task<GatewayResult<CommandView>> GetCommandAsync(DeviceKey device, string commandId, CancellationToken ct = default) =>
        CommandReply(device, commandId, await AskAsync(new GetCommandStatus(device.EntityId, commandId), options.AskTimeout, ct));

    /// <summary>Merges a JSON object into the desired state (a null value removes a key); the answer is the resulting shadow.</summary>
    public async Task<GatewayResult<ShadowView>> SetDesiredAsync(DeviceKey device, string desiredJson, CancellationToken ct = default) =>
        await AskAsync(new SetDesired(device.EntityId, RawJson.Parse(desiredJson)), options.AskTimeout, ct) switch
        {
            ShadowView shadow => GatewayResult<ShadowView>.Ok(shadow),
            DesiredInvalid invalid => GatewayResult<ShadowView>.Fail(GatewayErrorKind.Invalid, "the desired state is not valid", invalid.Errors),
            var other => Unexpected<ShadowView>(device, other),
        };

    /// <summary>
    /// The device's current view (if it has been seen), then every change of its state and of its
    /// commands until <paramref name="ct"/> is cancelled. Pub-sub does not replay, so the view is
    /// read only once the subscription is in place on every gateway node: nothing falls between.
    /// A watcher that reads too slowly loses the oldest changes beyond <paramref name="buffer"/>;
    /// the next state change carries the whole view again.
    /// </summary>
    public async IAsyncEnumerable<IDeviceChange> WatchAsync(DeviceKey device, int buffer = 1024, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var watch = await StartWatchAsync(WatchTopics.Device(device.EntityId), buffer, ct);
        long version = -1;
        if (await AskAsync(new GetDeviceView(device.EntityId), options.AskTimeout, ct) is DeviceView view)
        {
            version = view.Shadow.Version;
            yield return new DeviceChanged(device.EntityId, view);
        }
        await foreach (var change in watch.Changes.ReadAllAsync(ct))
        {
            // A change published while the view was read can arrive after it; the view already holds it.
            if (change is DeviceChanged changed && changed.View.Shadow.Version < version)
                continue;
            yield return change;
        }
    }

    /// <summary>Every change of every device of one family (<c>drone</c>, <c>esp32</c>, ...) until <paramref name="ct"/> is cancelled; no current views first.</summary>
    public async IAsyncEnumerable<IDeviceChange> WatchFamilyAsync(string kind, int buffer = 1024, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var watch = await StartWatchAsync(WatchTopics.Family(kind), buffer, ct);
        await foreach (var change in watch.Changes.ReadAllAsync(ct))
            yield return change;
    }

    /// <summary>The cluster as this client sees it: members, and the shards and devices each gateway node holds.</summary>
    public Task<ClusterOverview> GetClusterAsync(CancellationToken ct = default) => ClusterOverview.ReadAsync(system, region, options.AskTimeout, ct);

    private async Task<DeviceWatch> StartWatchAsync(string topic, int buffer, CancellationToken ct)
    {
        if (!await WaitUntilJoinedAsync(ct))
            throw new TimeoutException($"this process did not join the gateway's cluster within {options.JoinTimeout}; check the contact points");
        var changes = Channel.CreateBounded<IDeviceChange>(new BoundedChannelOptions(buffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = system.ActorOf(DeviceWatchSubscriber.Props(topic, changes.Writer, started));
        var watch = new DeviceWatch(subscriber, changes.Reader);
        try
        {
            await started.Task.WaitAsync(options.AskTimeout, ct);
            return watch;
        }
        catch
        {
            await watch.DisposeAsync();
            throw;
        }
    }

    private async Task<object?> AskAsync(IDeviceMessage message, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            return await (await region.GetAsync(ct)).Ask<object>(message, timeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private GatewayResult<CommandView> CommandReply(DeviceKey device, string commandId, object? reply) => reply switch
    {
        CommandView view => GatewayResult<CommandView>.Ok(view),
        CommandNotFound => GatewayResult<CommandView>.Fail(GatewayErrorKind.NotFound, $"{device.EntityId} has no command '{commandId}'"),
        var other => Unexpected<CommandView>(device, other),
    };

    private static GatewayResult<T> Unexpected<T>(DeviceKey device, object? reply) where T : class => reply is null
        ? GatewayResult<T>.Fail(GatewayErrorKind.Unavailable, $"{device.EntityId} did not answer in time")
        : throw new InvalidOperationException($"{device.EntityId} answered with an unexpected {reply.GetType().Name}");

    private sealed class DeviceWatch(IActorRef subscriber, ChannelReader<IDeviceChange> changes) : IAsyncDisposable
    {
        public ChannelReader<IDeviceChange> Changes => changes;

        public ValueTask DisposeAsync()
        {
            subscriber.Tell(PoisonPill.Instance);
            return ValueTask.CompletedTask;
        }
    }
}
