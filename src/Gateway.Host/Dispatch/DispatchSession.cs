using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;
using Gateway.Devices.Watching;
using Gateway.Host.Api;
using Gateway.Host.Hosting;

namespace Gateway.Host.Dispatch;

/// <summary>
/// One dispatcher console on its WebSocket. It watches the drones it follows (their whole family
/// when it names none) through the same cluster-wide watches as the client library, so a console
/// on any node sees every drone; it sends their transcript lines (and events, state, command
/// lifecycles when asked), and turns each VOICE_COMMAND into a tracked VOICE_SPEAK, answering with
/// the command and each change of its lifecycle. What it has not sent yet waits in one bounded
/// queue (<c>gateway.dispatch.max-queued-messages</c>); a console that lets it fill is disconnected
/// with the reason, so a slow console costs its own stream and never slows the gateway.
/// </summary>
public sealed class DispatchSession
{
    private readonly WebSocket _socket;
    private readonly DispatchFilter _filter;
    private readonly DispatchSettings _settings;
    private readonly TimeSpan _watchTimeout;
    private readonly ActorSystem _system;
    private readonly DeviceAsk _ask;
    private readonly JournalHealth _journal;
    private readonly string? _mayNotCommand;
    private readonly ILogger _log;
    private readonly string _name;
    private readonly Channel<byte[]> _out;
    private readonly ConsoleChanges _changes;
    // Given up on a close that the console does not complete, or a send it does not read, once dropped or closing.
    private readonly CancellationTokenSource _giveUp = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OwnCommand> _own = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _watches = new(StringComparer.Ordinal);
    private string? _dropReason;
    private WebSocketCloseStatus _dropStatus;
    private volatile bool _consoleClosed;

    /// <param name="mayNotCommand">Why this console may not send commands (its API key lacks the role), or null when it may.</param>
    public DispatchSession(WebSocket socket, DispatchFilter filter, DispatchSettings settings, TimeSpan watchTimeout, ActorSystem system,
        DeviceAsk ask, JournalHealth journal, string? mayNotCommand, ILogger log, string name)
    {
        _socket = socket;
        _filter = filter;
        _settings = settings;
        _watchTimeout = watchTimeout;
        _system = system;
        _ask = ask;
        _journal = journal;
        _mayNotCommand = mayNotCommand;
        _log = log;
        _name = name;
        _out = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(settings.MaxQueuedMessages) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _changes = new ConsoleChanges(this);
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        DispatchMetrics.Consoles.Add(1);
        _log.LogInformation("Dispatcher console {Console} connected (drones {Drones}, events {Events}, state {State}, commands {Commands})",
            _name, _filter.AllDrones ? "all" : string.Join(", ", _filter.Drones), _filter.Events, _filter.State, _filter.Commands);
        try
        {
            if (_filter.AllDrones)
                await WatchAsync(WatchTopics.Family(DroneId.Kind, _filter.Scope), aborted);
            else
                foreach (var drone in _filter.Drones)
                    await WatchAsync(WatchTopics.Device(DroneId.EntityId(drone), _filter.Scope), aborted);
            Enqueue(DispatchFrames.Ready(_filter));
            var sending = SendAsync();
            await ReceiveAsync(aborted);
            _out.Writer.TryComplete();
            _giveUp.CancelAfter(_settings.CloseTimeout);
            await sending;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException)
        {
            _log.LogInformation("Dispatcher console {Console} ended: {Reason}", _name, e.Message);
            _socket.Abort();
        }
        finally
        {
            // A change still on its way finds the session over, not a console to drop.
            _consoleClosed = true;
            lock (_gate)
                foreach (var watch in _watches.Values)
                    _system.Stop(watch);
            DispatchMetrics.Consoles.Add(-1);
        }
    }

    /// <summary>A watched change, from a watch subscriber's thread: picked by the console's filter and queued.</summary>
    internal void OnChange(IDeviceChange change)
    {
        if (DroneId.Of(change.EntityId) is not { } drone)
            return;
        switch (change)
        {
            case TranscriptLineAdded line when _filter.Follows(drone):
                Enqueue(DispatchFrames.Transcript(drone, line.Line));
                break;
            case DeviceEventAdded e when _filter.Events && _filter.Follows(drone):
                Enqueue(DispatchFrames.Event(drone, e.Event));
                break;
            case DeviceChanged state when _filter.State && _filter.Follows(drone):
                Enqueue(DispatchFrames.State(drone, state.View));
                break;
            case CommandChanged command:
                OnCommandChanged(drone, command.Command);
                break;
        }
    }

    /// <summary>
    /// The console's own commands are always followed; a change that arrives before the command's
    /// acceptance has been told (pub-sub and the ask's answer race) waits for it, so the console
    /// hears COMMAND_ACCEPTED first. A change that leaves the command as the console last heard it
    /// (the "pending" its creation publishes, which COMMAND_ACCEPTED already showed) is not sent.
    /// </summary>
    private void OnCommandChanged(string drone, CommandView view)
    {
        lock (_gate)
        {
            if (_own.TryGetValue(view.CommandId, out var own))
            {
                own.Settled |= view.Outcome is not null;
                if (!own.Announced)
                    own.Held.Add(view);
                else
                    TellOwn(own, drone, view);
                return;
            }
        }
        if (_filter.Commands && _filter.Follows(drone))
            Enqueue(DispatchFrames.CommandStatus(null, drone, view));
    }

    private void Enqueue(byte[] frame)
    {
        if (!_out.Writer.TryWrite(frame) && _dropReason is null && !_consoleClosed)
            Drop($"too slow: {_settings.MaxQueuedMessages} messages waited to be sent (gateway.dispatch.max-queued-messages)", WebSocketCloseStatus.PolicyViolation, "slow");
    }

    /// <summary>Disconnects the console: nothing more is queued or sent, and the close says why.</summary>
    private void Drop(string reason, WebSocketCloseStatus status, string metricReason)
    {
        if (Interlocked.CompareExchange(ref _dropReason, reason, null) is not null)
            return;
        _dropStatus = status;
        _log.LogWarning("Disconnected dispatcher console {Console}: {Reason}", _name, reason);
        DispatchMetrics.Dropped.Add(1, new KeyValuePair<string, object?>("reason", metricReason));
        _out.Writer.TryComplete();
        _giveUp.CancelAfter(_settings.CloseTimeout);
    }

    private async Task SendAsync()
    {
        try
        {
            await foreach (var frame in _out.Reader.ReadAllAsync())
            {
                if (_dropReason is not null || _consoleClosed)
                    break;
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _giveUp.Token);
            }
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var reason = _dropReason;
                // A close reason is at most 123 bytes on the wire.
                await _socket.CloseOutputAsync(reason is null ? WebSocketCloseStatus.NormalClosure : _dropStatus,
                    reason is null ? "bye" : reason[..Math.Min(reason.Length, 120)], _giveUp.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The console did not read what was sent, or went away: nothing more to say to it.
            _socket.Abort();
        }
    }

    private async Task ReceiveAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, _giveUp.Token);
        var buffer = new byte[_settings.MaxMessageBytes];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        Drop($"sent a message longer than {buffer.Length} bytes (gateway.dispatch.max-message-bytes)", WebSocketCloseStatus.MessageTooBig, "too-big");
                        length = 0; // what follows is read only to see the console's close
                    }
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _consoleClosed = true;
                        return;
                    }
                    length += result.Count;
                } while (!result.EndOfMessage);
                if (_dropReason is not null)
                    continue;
                if (result.MessageType == WebSocketMessageType.Binary)
                    Enqueue(DispatchFrames.Error(null, "messages are JSON text, such as {\"type\":\"VOICE_COMMAND\", ...}"));
                else
                    await HandleAsync(buffer.AsMemory(0, length), stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Aborted: the connection is gone, or the console did not complete a close in time.
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException e)
        {
            Enqueue(DispatchFrames.Error(null, $"not JSON: {e.Message}"));
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type == VoiceCommand.Type)
                await SubmitAsync(root, ct);
            else
                Enqueue(DispatchFrames.Error(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("request_id", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
                    type is null ? "a message is a JSON object with a type, such as VOICE_COMMAND" : $"unknown type '{type}': a console sends VOICE_COMMAND"));
        }
    }

    /// <summary>
    /// A VOICE_COMMAND becomes a VOICE_SPEAK for its drone, under a command id chosen here so that
    /// its lifecycle is recognised from the first change. One at a time per console: the next
    /// message is read once this one is accepted or refused.
    /// </summary>
    private async Task SubmitAsync(JsonElement message, CancellationToken ct)
    {
        var commandId = Guid.CreateVersion7().ToString("N");
        if (VoiceCommand.From(message, commandId, out var requestId, out var error) is not { } voice)
        {
            Enqueue(DispatchFrames.CommandRejected(requestId, null, error!, [new FieldError("drone_id", error!)]));
            return;
        }
        if (_mayNotCommand is { } forbidden)
        {
            Enqueue(DispatchFrames.CommandRejected(requestId, voice.DroneId, forbidden, []));
            return;
        }
        if (!_journal.IsAvailable)
        {
            Enqueue(DispatchFrames.CommandRejected(requestId, voice.DroneId, $"not accepted: the journal is {_journal.Describe()}; send it again", []));
            return;
        }
        var entityId = DroneId.EntityId(voice.DroneId);
        // Its lifecycle must reach this console from the first change, whichever drones it follows.
        if (!_filter.Follows(voice.DroneId))
        {
            try
            {
                await WatchAsync(WatchTopics.Device(entityId, WatchScope.Commands), ct);
            }
            catch (TimeoutException)
            {
                Enqueue(DispatchFrames.CommandRejected(requestId, voice.DroneId, $"not sent: the gateway nodes did not start following {entityId} in time; send it again", []));
                return;
            }
        }
        lock (_gate)
            _own[commandId] = new OwnCommand(requestId);
        object reply;
        try
        {
            reply = await _ask.Ask(new SubmitCommand(entityId, voice.Speak), ct);
        }
        catch (AskTimeoutException)
        {
            reply = $"{entityId} did not accept the command in time; send it again";
        }
        lock (_gate)
        {
            if (reply is CommandSubmitted submitted)
            {
                var own = _own[commandId];
                own.Announced = true;
                own.Told = OwnCommand.Stage(submitted.Command);
                Enqueue(DispatchFrames.CommandAccepted(requestId, voice.DroneId, submitted.Command));
                foreach (var held in own.Held)
                    TellOwn(own, voice.DroneId, held);
                own.Held.Clear();
                return;
            }
            _own.Remove(commandId);
        }
        Enqueue(reply switch
        {
            CommandInvalid invalid => DispatchFrames.CommandRejected(requestId, voice.DroneId, "the command is not valid", invalid.Errors),
            string reason => DispatchFrames.CommandRejected(requestId, voice.DroneId, reason, []),
            _ => DispatchFrames.Error(requestId, $"unexpected answer {reply.GetType().Name}"),
        });
    }

    private async Task WatchAsync(string topic, CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_watches.ContainsKey(topic))
                return;
            _watches[topic] = _system.ActorOf(DeviceWatchSubscriber.Props(topic, _changes, started));
        }
        await started.Task.WaitAsync(_watchTimeout, ct);
    }

    /// <summary>Sends a change of the console's own command unless it is the stage last told; under <c>_gate</c>.</summary>
    private void TellOwn(OwnCommand own, string drone, CommandView view)
    {
        var stage = OwnCommand.Stage(view);
        if (stage != own.Told)
        {
            own.Told = stage;
            Enqueue(DispatchFrames.CommandStatus(own.RequestId, drone, view));
        }
        if (own.Settled)
            _own.Remove(view.CommandId);
    }

    private sealed class OwnCommand(string? requestId)
    {
        public string? RequestId { get; } = requestId;
        public bool Announced { get; set; }
        public bool Settled { get; set; }
        public (string Status, int Attempts, string? Outcome, DateTimeOffset? LateAcknowledgedAt) Told { get; set; }
        public List<CommandView> Held { get; } = [];

        /// <summary>What a console tells one stage of a command from the next by.</summary>
        public static (string, int, string?, DateTimeOffset?) Stage(CommandView view) =>
            (view.Status, view.Attempts.Count, view.Outcome, view.LateAcknowledgedAt);
    }
}
