using System.Diagnostics.Metrics;
using Gateway.Persistence;

namespace Gateway.Host.Hosting;

/// <summary>
/// Whether the journal takes writes now, probed every <c>gateway.journal.probe-interval</c>: the
/// gateway's circuit breaker in front of the journal. While it is open (the last probe failed)
/// <c>/readyz</c> is 503, HTTP writes answer 503 with Retry-After, and QoS 1 device messages are
/// answered as not taken at once instead of after their PUBACK timeout, so devices send them
/// again; it closes by itself at the first probe that succeeds. State and changes are metrics
/// (<c>gateway.journal.available</c>, <c>gateway.journal.outages</c>) and log lines.
/// </summary>
public sealed class JournalHealth : BackgroundService
{
    private static readonly Meter Meter = new("Gateway.Journal");
    private static readonly Counter<long> Outages = Meter.CreateCounter<long>("gateway.journal.outages", description: "Times the journal stopped answering its probe");

    private readonly JournalProbe _probe;
    private readonly TimeSpan _interval;
    private readonly ILogger<JournalHealth> _log;
    private volatile State _state = new(true, "not probed yet", DateTimeOffset.UtcNow);

    public JournalHealth(JournalProbe probe, TimeSpan interval, ILogger<JournalHealth> log)
    {
        _probe = probe;
        _interval = interval;
        _log = log;
        Meter.CreateObservableGauge("gateway.journal.available", () => IsAvailable ? 1 : 0, description: "1 while the journal answers its probe (the breaker is closed), else 0");
    }

    public bool IsAvailable => _state.Available;

    /// <summary>For <c>/readyz</c>: the breaker's state, since when, and the last probe's answer.</summary>
    public string Describe()
    {
        var state = _state;
        return state.Available
            ? $"available ({state.Detail})"
            : $"unavailable since {state.Since:HH:mm:ss}Z, breaker open: writes refused ({state.Detail})";
    }

    /// <summary>How long a refused writer should wait before trying again.</summary>
    public TimeSpan RetryAfter => _interval * 2 < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : _interval * 2;

    /// <summary>Probes once now, so that the first <c>/readyz</c> already knows.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ProbeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await ProbeAsync(stoppingToken);
    }

    private async Task ProbeAsync(CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_interval * 2);
        var (ok, detail) = await _probe.CheckAsync(deadline.Token);
        if (ct.IsCancellationRequested)
            return;
        var before = _state;
        if (ok == before.Available)
        {
            _state = before with { Detail = detail };
            return;
        }
        _state = new State(ok, detail, DateTimeOffset.UtcNow);
        if (ok)
            _log.LogWarning("The journal answers again ({Detail}) after {Seconds:0.#} s: writes are taken again", detail, (DateTimeOffset.UtcNow - before.Since).TotalSeconds);
        else
        {
            Outages.Add(1);
            _log.LogError("The journal does not answer ({Detail}): readiness is 503, HTTP writes answer 503 and QoS 1 device messages are not acknowledged until it does", detail);
        }
    }

    private sealed record State(bool Available, string Detail, DateTimeOffset Since);
}
