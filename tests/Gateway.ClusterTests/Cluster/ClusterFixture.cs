using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;
using Xunit;

namespace Gateway.ClusterTests.Cluster;

/// <summary>
/// Three gateway nodes on 127.0.0.1 forming one cluster through Akka.Management bootstrap with
/// config discovery, journaling into one private PostgreSQL, and connected as MQTT clients to one
/// private mosquitto 2, which is where devices and observers connect too. The schema is created by
/// <c>migrate</c> before any node starts. Tests that stop or kill nodes leave the cluster whole
/// again, and <see cref="EnsureWholeAsync"/> repairs it for the next test if one could not.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string Database = "gateway";
    public const int Size = 3;

    // Three processes JIT-compiling and bootstrapping on two shared cores take a while the first time.
    private static readonly TimeSpan FormationDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RejoinDeadline = TimeSpan.FromSeconds(90);
    // Downing a killed node takes the failure detector plus the split-brain resolver's stable-after.
    private static readonly TimeSpan MembershipDeadline = TimeSpan.FromSeconds(60);

    private PostgresServer? _postgres;
    private MosquittoBroker? _broker;
    private List<ClusterNode> _nodes = [];

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("the cluster fixture is not initialized");

    public MosquittoBroker Broker => _broker ?? throw new InvalidOperationException("the cluster fixture is not initialized");

    public IReadOnlyList<ClusterNode> Nodes => _nodes;

    public IReadOnlyList<ClusterNode> Running => _nodes.Where(n => n.IsRunning).ToList();

    /// <summary>Every node's management endpoint, host:port, as clients and the CLI take them.</summary>
    public IReadOnlyList<string> ContactPoints { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync(Database);
        _broker = await MosquittoBroker.StartAsync();
        var connectionString = _postgres.ConnectionString(Database);
        await SchemaMigration.RunAsync(connectionString, Diagnostics);

        var ports = FreePorts.Take(2 * Size);
        var clusterPorts = ports[..Size];
        var managementPorts = ports[Size..];
        var contactPoints = string.Join(',', managementPorts.Select(p => $"127.0.0.1:{p}"));
        ContactPoints = managementPorts.Select(p => $"127.0.0.1:{p}").ToList();
        _nodes = Enumerable.Range(0, Size).Select(i =>
        {
            var name = ((char)('a' + i)).ToString();
            return new ClusterNode(name, clusterPorts[i], managementPorts[i], GatewayProcess.Create($"node-{name}",
            [
                "--mqtt", "external", "--broker", _broker.Url,
                "--persistence", "postgres", "--connection-string", connectionString,
                "--cluster-port", clusterPorts[i].ToString(), "--management-port", managementPorts[i].ToString(),
                "--public-hostname", "127.0.0.1",
                "--discovery", "config", "--contact-points", contactPoints, "--required-contact-points", Size.ToString(),
            ]));
        }).ToList();

        // No node is ready before the cluster has formed, so all start before any is waited for.
        foreach (var node in _nodes)
            node.Process.Launch();
        foreach (var node in _nodes)
            await WithDiagnostics(() => node.Process.WaitUntilReadyAsync(FormationDeadline));
        await WaitForMembersUpAsync(_nodes);
    }

    /// <summary>Starts whatever node an earlier test left stopped and waits until all three are up on every node.</summary>
    public async Task EnsureWholeAsync()
    {
        foreach (var node in _nodes.Where(n => !n.IsRunning))
            await StartAgainAsync(node);
        await WaitForMembersUpAsync(_nodes);
    }

    /// <summary>Waits until every node in <paramref name="expected"/> lists exactly those nodes as members, all up and reachable.</summary>
    public async Task WaitForMembersUpAsync(IReadOnlyCollection<ClusterNode> expected, TimeSpan? deadline = null)
    {
        foreach (var node in expected)
            await ClusterEventually.Until(() => node.Api.GetClusterAsync(), v => v.HasExactlyUp(expected),
                $"{node} to list exactly {string.Join(", ", expected.Select(n => n.Address))} as members up", Diagnostics, deadline ?? MembershipDeadline);
    }

    /// <summary>The node whose shard region hosts <paramref name="device"/>, once its shard is allocated (the device must have been seen).</summary>
    public async Task<ClusterNode> HostOfAsync(DeviceRoute device)
    {
        var asked = Running[0];
        var view = await ClusterEventually.Until(() => asked.Api.GetClusterAsync(device),
            v => v.Answered && _nodes.Any(n => n.Owns(v.DeviceMember)), $"{asked} to name the member hosting {device}", Diagnostics);
        return _nodes.Single(n => n.Owns(view.DeviceMember));
    }

    /// <summary>A running node other than <paramref name="node"/>.</summary>
    public ClusterNode OtherThan(ClusterNode node) => Running.First(n => n != node);

    public IReadOnlyList<ClusterNode> AllBut(ClusterNode node) => _nodes.Where(n => n != node).ToList();

    /// <summary>SIGTERM, a clean exit (exit code 0), then the survivors see the node gone.</summary>
    public async Task StopAsync(ClusterNode node)
    {
        await WithDiagnostics(() => node.Process.StopAsync());
        await WaitForMembersUpAsync(AllBut(node));
    }

    /// <summary>SIGKILL, then the survivors down and remove the node.</summary>
    public async Task KillAsync(ClusterNode node)
    {
        await node.Process.KillAsync();
        await WaitForMembersUpAsync(AllBut(node));
    }

    /// <summary>Starts a stopped or killed node again on its ports and waits until all three are up everywhere.</summary>
    public async Task StartAgainAsync(ClusterNode node)
    {
        node.Process.Launch();
        await WithDiagnostics(() => node.Process.WaitUntilReadyAsync(RejoinDeadline));
        await WaitForMembersUpAsync(_nodes);
    }

    /// <summary>The device's view from <paramref name="node"/> once <paramref name="done"/> holds for it.</summary>
    public async Task<JsonElement> WaitForDeviceAsync(ClusterNode node, DeviceRoute device, Func<JsonElement, bool> done, string expectation, TimeSpan? deadline = null) =>
        (await ClusterEventually.Until(() => node.Api.GetDeviceAsync(device), r => r.StatusCode == HttpStatusCode.OK && done(r.Json),
            $"{device} on {node}: {expectation}", Diagnostics, deadline)).Json;

    /// <summary>The command's view from <paramref name="node"/> once <paramref name="done"/> holds for it.</summary>
    public async Task<JsonElement> WaitForCommandAsync(ClusterNode node, DeviceRoute device, string commandId, Func<JsonElement, bool> done, string expectation, TimeSpan? deadline = null) =>
        (await ClusterEventually.Until(() => node.Api.GetCommandAsync(device, commandId), r => r.StatusCode == HttpStatusCode.OK && done(r.Json),
            $"command {commandId} of {device} on {node}: {expectation}", Diagnostics, deadline)).Json;

    public Task<JsonElement> WaitForCommandStatusAsync(ClusterNode node, DeviceRoute device, string commandId, string status, TimeSpan? deadline = null) =>
        WaitForCommandAsync(node, device, commandId, c => c.StringAt("status") == status, $"to be {status}", deadline);

    /// <summary>Every node's and the broker's recent log, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new StringBuilder();
        foreach (var node in _nodes)
            text.AppendLine($"{node}: {(node.IsRunning ? "running" : "not running")}").AppendLine(node.Process.LogTail(120));
        if (_broker is not null)
            text.AppendLine(_broker.LogTail(60));
        return text.ToString();
    }

    /// <summary>
    /// Runs a step whose own failure message lacks the nodes' logs (an MQTT client's wait, a node's
    /// start) and adds them: in a cluster the cause is often on another node than the one waited on.
    /// </summary>
    public async Task<T> WithDiagnostics<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n--- every node and the broker ---\n{Diagnostics()}");
        }
    }

    public Task WithDiagnostics(Func<Task> step) => WithDiagnostics(async () =>
    {
        await step();
        return true;
    });

    public async Task DisposeAsync()
    {
        // One at a time, so that each leaves a cluster that can take over its shards; a node that
        // does not stop cleanly is reported, after everything else has been stopped too.
        List<Exception> failures = [];
        foreach (var node in _nodes)
        {
            try
            {
                await node.Process.DisposeAsync();
            }
            catch (Exception e)
            {
                failures.Add(e);
            }
        }
        if (_broker is not null)
            await _broker.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        if (failures.Count > 0)
            throw new AggregateException("not every node stopped cleanly", failures);
    }
}
