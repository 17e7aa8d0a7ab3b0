using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// Steady device traffic through mosquitto while a test restarts nodes: every tick, each drone
/// reports the example telemetry with <c>seq</c> set to the tick and a field <c>tick_{n}</c> of its own
/// (so each message changes the shadow and bumps its version once, in whatever order the nodes
/// deliver it), and every few ticks one drone sends a mission event with its own
/// marker. What was sent is kept, to be compared with what the cluster kept.
/// </summary>
public sealed class TelemetryPump : IAsyncDisposable
{
    private const int TicksPerEvent = 10;

    private readonly MqttTestClient _client;
    private readonly IReadOnlyList<DeviceRoute> _drones;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(DeviceRoute Drone, string Marker)> _events = [];
    private Task _loop = Task.CompletedTask;
    private int _ticks;

    private TelemetryPump(MqttTestClient client, IReadOnlyList<DeviceRoute> drones, TimeSpan interval)
    {
        _client = client;
        _drones = drones;
        _interval = interval;
    }

    /// <summary>How many telemetry messages each drone has sent; the last one carried this as its seq.</summary>
    public int Ticks => Volatile.Read(ref _ticks);

    /// <summary>The events sent, each with its marker; read once the pump has stopped.</summary>
    public IReadOnlyList<(DeviceRoute Drone, string Marker)> Events => _events;

    public static async Task<TelemetryPump> StartAsync(int brokerPort, IReadOnlyList<DeviceRoute> drones, TimeSpan interval)
    {
        var pump = new TelemetryPump(await MqttTestClient.ConnectAsync(brokerPort), drones, interval);
        pump._loop = pump.RunAsync();
        return pump;
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (true)
            {
                var tick = _ticks + 1;
                foreach (var drone in _drones)
                    await _client.PublishAsync($"/drone/{drone.Id}/telemetry", DroneExamples.TelemetryOf(drone.Id, p =>
                    {
                        p["seq"] = tick;
                        p[$"tick_{tick}"] = tick;
                    }));
                if (tick % TicksPerEvent == 0)
                {
                    var drone = _drones[tick / TicksPerEvent % _drones.Count];
                    var marker = $"tick-{tick}";
                    await _client.PublishAsync($"/drone/{drone.Id}/events", Fixtures.With(DroneExamples.AedDeployedEvent, p => p["marker"] = marker));
                    _events.Add((drone, marker));
                }
                // Counted once every message of the tick is with the broker (QoS 1).
                Volatile.Write(ref _ticks, tick);
                await timer.WaitForNextTickAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped between two ticks, which is the only place the token is looked at.
        }
    }

    /// <summary>Stops after the current tick; a publish that failed fails here.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        finally
        {
            await _client.DisposeAsync();
            _stop.Dispose();
        }
    }
}
