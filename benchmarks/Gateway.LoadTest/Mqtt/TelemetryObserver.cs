using System.Buffers;
using System.Diagnostics;
using Gateway.LoadTest.Devices;
using Gateway.LoadTest.Measurement;
using MQTTnet;
using MQTTnet.Protocol;

namespace Gateway.LoadTest.Mqtt;

/// <summary>
/// The one subscriber that sees telemetry come out the other side: the gateway's retained state
/// publications (reading the marks back from shadow.reported) or, on a plain broker, the
/// telemetry itself. It reports each mark to the tracker the moment it arrives.
/// </summary>
public sealed class TelemetryObserver : IAsyncDisposable
{
    private const string RejectedPrefix = "gateway/rejected/";
    private readonly IMqttClient _client;
    private readonly TelemetryTracker _tracker;
    private readonly RejectionLog _rejections;
    private readonly bool _deviceViews;
    private readonly byte[] _runTag;
    private long _unreadable;

    private TelemetryObserver(IMqttClient client, TelemetryTracker tracker, RejectionLog rejections, bool deviceViews, string runTag)
    {
        _runTag = System.Text.Encoding.UTF8.GetBytes(runTag);
        _client = client;
        _tracker = tracker;
        _rejections = rejections;
        _deviceViews = deviceViews;
        _client.ApplicationMessageReceivedAsync += OnMessage;
    }

    /// <summary>Messages on the observed topics that carried no mark of the tool.</summary>
    public long Unreadable => Volatile.Read(ref _unreadable);

    /// <summary>
    /// Subscribes to <paramref name="filters"/>. <paramref name="deviceViews"/>: the messages are
    /// gateway device views (state publications), else raw telemetry relayed by a broker.
    /// </summary>
    public static async Task<TelemetryObserver> OpenAsync(string host, int port, string clientId, IEnumerable<string> filters,
        bool deviceViews, TelemetryTracker tracker, RejectionLog rejections, string runTag, MqttQualityOfServiceLevel qos, CancellationToken ct)
    {
        var client = await MqttConnect.ConnectAsync(host, port, clientId, ct);
        var observer = new TelemetryObserver(client, tracker, rejections, deviceViews, runTag);
        await MqttConnect.SubscribeAsync(client, filters, qos, ct);
        return observer;
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        var now = Stopwatch.GetTimestamp();
        var message = e.ApplicationMessage;
        if (message.Topic.StartsWith(RejectedPrefix, StringComparison.Ordinal))
        {
            // Only refusals of this run's devices (their ids carry the run tag), not of a running gateway's other devices.
            var payload = message.Payload.IsSingleSegment ? message.Payload.FirstSpan : message.Payload.ToArray();
            if (payload.IndexOf(_runTag) >= 0)
                _rejections.Add(message.Topic, payload);
            return Task.CompletedTask;
        }
        var found = _deviceViews
            ? TelemetryMark.TryReadDeviceView(message.Payload, out var mark)
            : TelemetryMark.TryReadTelemetry(message.Payload, out mark);
        if (found)
            _tracker.Observe(mark, now, message.Payload.Length);
        else
            Interlocked.Increment(ref _unreadable);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(MqttConnect.CloseAsync(_client));
}
