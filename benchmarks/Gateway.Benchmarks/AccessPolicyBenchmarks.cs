using BenchmarkDotNet.Attributes;
using Gateway.Mqtt.Security;

namespace Gateway.Benchmarks;

/// <summary>
/// The policy check every published message passes, on the shipped examples/security/skyrescue.acl:
/// a drone's own telemetry (allowed by its first pattern line), another drone's (refused after
/// all ten pattern lines), the backend's command (its own section, then allowed) and the
/// backend publishing telemetry (its eight lines and the ten patterns, then refused).
/// </summary>
public class AccessPolicyBenchmarks
{
    private AccessPolicy _policy = null!;

    [Params(
        "Alpha-3 /drone/Alpha-3/telemetry",
        "Alpha-3 /drone/Bravo-1/telemetry",
        "backend drone/Alpha-3/command",
        "backend drone/Alpha-3/telemetry")]
    public string Case { get; set; } = "";

    private string _identity = "";
    private string _topic = "";

    [GlobalSetup]
    public void Setup()
    {
        _policy = AccessPolicy.Load(Path.Combine(AppContext.BaseDirectory, "examples", "security", "skyrescue.acl"));
        var parts = Case.Split(' ');
        (_identity, _topic) = (parts[0], parts[1]);
    }

    [Benchmark]
    public bool CanPublish() => _policy.CanPublish(_identity, "client-1", _topic).Allowed;
}
