using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Gateway.LoadTest.Commands;
using Gateway.LoadTest.Devices;
using Gateway.LoadTest.Measurement;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.LoadTest.Mqtt;

/// <summary>
/// One MQTT connection shared by several simulated devices, as devices behind an edge router
/// would share it: it publishes their telemetry on a paced schedule and answers the commands the
/// gateway sends them (or ignores those whose id says so).
/// </summary>
public sealed class DeviceConnection : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly SimulatedDevice[] _devices;
    private readonly Dictionary<string, SimulatedDevice> _byCommandTopic;
    private readonly CommandReceipts _receipts;
    // Acknowledgements are published from their own loop: awaiting a QoS 1 publish inside the
    // receive handler would stall the receive loop that has to read its PUBACK.
    private readonly Channel<MqttApplicationMessage> _acknowledgements = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _acknowledging;
    private long _behind;
    private long _failed;

    private DeviceConnection(IMqttClient client, SimulatedDevice[] devices, CommandReceipts receipts)
    {
        _client = client;
        _devices = devices;
        _receipts = receipts;
        _byCommandTopic = devices.Where(d => d.CommandTopic is not null).ToDictionary(d => d.CommandTopic!);
        _client.ApplicationMessageReceivedAsync += OnCommand;
        _acknowledging = AcknowledgeAsync();
    }

    /// <summary>Messages the schedule asked for that were dropped because the connection fell more than 100 ms behind.</summary>
    public long Behind => Volatile.Read(ref _behind);

    /// <summary>Publications the client failed to send.</summary>
    public long Failed => Volatile.Read(ref _failed);

    public static async Task<DeviceConnection> OpenAsync(string host, int port, string clientId, SimulatedDevice[] devices,
        CommandReceipts receipts, bool listenForCommands, CancellationToken ct)
    {
        var client = await MqttConnect.ConnectAsync(host, port, clientId, ct);
        var connection = new DeviceConnection(client, devices, receipts);
        if (listenForCommands && connection._byCommandTopic.Count > 0)
            await MqttConnect.SubscribeAsync(client, connection._byCommandTopic.Keys, MqttQualityOfServiceLevel.AtLeastOnce, ct);
        return connection;
    }

    /// <summary>
    /// Publishes telemetry until <paramref name="end"/> (a Stopwatch timestamp) at
    /// <paramref name="share"/> of the rate <paramref name="schedule"/> asks of all devices,
    /// round-robin over this connection's devices. Each tick sends what the schedule says is due
    /// since the start, so a late tick catches up instead of lowering the rate; the messages of one
    /// tick go out together. At QoS 1 each PUBACK's reason code goes to the tracker.
    /// </summary>
    public async Task PublishTelemetryAsync(TelemetryTracker tracker, PublishSchedule schedule, double share, long end, TimeSpan tick,
        MqttQualityOfServiceLevel qos, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        await using var writer = new Utf8JsonWriter(buffer);
        var inFlight = new List<Task>();
        long scheduled = 0;
        var next = 0;
        using var timer = new PeriodicTimer(tick);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= end)
                break;
            var rate = schedule.RateAt(now) * share;
            var maxBurst = (long)Math.Max(Math.Ceiling(rate * 0.1), Math.Ceiling(rate * tick.TotalSeconds * 2));
            var due = (long)(schedule.DueBy(now) * share) - scheduled;
            scheduled += due;
            if (due > maxBurst)
            {
                Interlocked.Add(ref _behind, due - maxBurst);
                due = maxBurst;
            }
            for (var i = 0; i < due; i++)
            {
                var device = _devices[next];
                next = (next + 1) % _devices.Length;
                var mark = tracker.Next(device.Index);
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                device.Family.WriteTelemetry(writer, device, mark, DateTime.UtcNow);
                writer.Flush();
                tracker.Written(buffer.WrittenCount);
                var message = new MqttApplicationMessage
                {
                    Topic = device.TelemetryTopic,
                    Payload = new ReadOnlySequence<byte>(buffer.WrittenSpan.ToArray()),
                    QualityOfServiceLevel = qos,
                };
                inFlight.Add(qos == MqttQualityOfServiceLevel.AtMostOnce ? _client.PublishAsync(message, ct) : PublishAnsweredAsync(message, mark, tracker, ct));
            }
            await AwaitAll(inFlight);
        }
    }

    /// <summary>
    /// A QoS 1 publication and its PUBACK. An MQTT 5 server answers a message it did not take with
    /// an error reason code (0x80 and up: 0x97 quota exceeded, 0x80 unspecified error), which
    /// MQTTnet returns rather than throws.
    /// </summary>
    private async Task PublishAnsweredAsync(MqttApplicationMessage message, TelemetryMark mark, TelemetryTracker tracker, CancellationToken ct)
    {
        var result = await _client.PublishAsync(message, ct);
        tracker.Answered(mark, result.ReasonCode);
    }

    private async Task AwaitAll(List<Task> tasks)
    {
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            Interlocked.Add(ref _failed, tasks.Count(t => t.IsFaulted));
        }
        tasks.Clear();
    }

    private Task OnCommand(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        // An empty retained message is the gateway clearing a settled command, not a command.
        if (message.Payload.IsEmpty || !_byCommandTopic.TryGetValue(message.Topic, out var device))
            return Task.CompletedTask;
        var family = device.Commandable!;
        var payload = message.Payload.IsSingleSegment ? message.Payload.FirstSpan : message.Payload.ToArray();
        if (!family.TryReadCommand(payload, out var command, out var commandId))
        {
            _receipts.Unread();
            return Task.CompletedTask;
        }
        if (CommandIds.IsToBeIgnored(commandId))
        {
            _receipts.Ignore();
            return Task.CompletedTask;
        }
        _receipts.Acknowledge();
        _acknowledgements.Writer.TryWrite(family.Acknowledgement(device, command, commandId));
        return Task.CompletedTask;
    }

    private async Task AcknowledgeAsync()
    {
        await foreach (var ack in _acknowledgements.Reader.ReadAllAsync())
        {
            try
            {
                await _client.PublishAsync(ack);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _acknowledgements.Writer.TryComplete();
        await _acknowledging;
        await MqttConnect.CloseAsync(_client);
    }
}
