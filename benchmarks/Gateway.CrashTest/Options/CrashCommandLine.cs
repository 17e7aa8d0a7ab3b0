using System.CommandLine;

namespace Gateway.CrashTest.Options;

/// <summary>The tool's command line (System.CommandLine, as the host and the CLI parse theirs).</summary>
public static class CrashCommandLine
{
    private static readonly Option<int> Cycles = new("--cycles")
    {
        Description = "load, fault, recovery, check: how many times (1 to 1000)",
        DefaultValueFactory = _ => 5,
    };

    private static readonly Option<string> Fault = new("--fault")
    {
        Description = "kill: SIGKILL the gateway and start it again; outage: stop the private PostgreSQL (fast shutdown) under the running gateway for --outage-seconds, then start it again (needs --store postgres)",
        DefaultValueFactory = _ => "kill",
    };

    private static readonly Option<double> OutageSeconds = new("--outage-seconds")
    {
        Description = "with --fault outage: how long PostgreSQL stays down while the load goes on (1 to 600)",
        DefaultValueFactory = _ => 20,
    };

    private static readonly Option<string> Store = new("--store")
    {
        Description = "sqlite (the gateway's data folder) or postgres (a private PostgreSQL the tool starts; apt-get install postgresql)",
        DefaultValueFactory = _ => "sqlite",
    };

    private static readonly Option<int?> Seed = new("--seed")
    {
        Description = "random seed for every choice (devices' requests, fault moments); printed, so a run can be repeated (default: a new one)",
    };

    private static readonly Option<int> Devices = new("--devices")
    {
        Description = "devices per cycle, spread over drone, esp32, petal and anc; new ones every cycle (4 to 5000)",
        DefaultValueFactory = _ => 100,
    };

    private static readonly Option<double> KillAfterMin = new("--kill-after-min")
    {
        Description = "seconds of load before the fault (the kill, or PostgreSQL's stop), at least",
        DefaultValueFactory = _ => 0.5,
    };

    private static readonly Option<double> KillAfterMax = new("--kill-after-max")
    {
        Description = "seconds of load before the fault, at most; the moment is drawn uniformly in between",
        DefaultValueFactory = _ => 4,
    };

    private static readonly Option<double> PauseMax = new("--pause-max-ms")
    {
        Description = "each device waits a random 0 to this many ms between its requests",
        DefaultValueFactory = _ => 200,
    };

    private static readonly Option<string> Out = new("--out")
    {
        Description = "folder for report.md, report.json and the gateway's logs",
        DefaultValueFactory = _ => "crashtest-report",
    };

    private static readonly Option<string?> GatewayDll = new("--gateway-dll")
    {
        Description = "the Gateway.Host.dll to start (default: src/Gateway.Host's build output in this tool's configuration)",
    };

    static CrashCommandLine()
    {
        Store.AcceptOnlyFromAmong("sqlite", "postgres");
        Fault.AcceptOnlyFromAmong("kill", "outage");
    }

    public static RootCommand Root()
    {
        var root = new RootCommand("""
            Crash cycles: load the gateway with QoS 1 device messages it journals, HTTP commands,
            AWS shadow updates and desired-state PUTs; kill -9 it at a random moment and restart it
            on the same data (--fault kill), or stop its PostgreSQL under load and start it again
            (--fault outage); check through its HTTP API that everything it acknowledged is there.
            Exit code 0: nothing acknowledged was lost; 1: something was; 2: wrong options; 3: the run failed.
            """);
        foreach (var option in (Option[])[Cycles, Fault, OutageSeconds, Store, Seed, Devices, KillAfterMin, KillAfterMax, PauseMax, Out, GatewayDll])
            root.Options.Add(option);
        return root;
    }

    /// <summary>The options, or the reason they make no run.</summary>
    public static CrashOptions Read(ParseResult parse)
    {
        var cycles = parse.GetValue(Cycles);
        var devices = parse.GetValue(Devices);
        var min = parse.GetValue(KillAfterMin);
        var max = parse.GetValue(KillAfterMax);
        var pause = parse.GetValue(PauseMax);
        var fault = parse.GetValue(Fault) == "outage" ? FaultKind.Outage : FaultKind.Kill;
        var outage = parse.GetValue(OutageSeconds);
        var store = parse.GetValue(Store) == "postgres" ? StoreKind.Postgres : StoreKind.Sqlite;
        if (cycles is < 1 or > 1000)
            throw new ArgumentException("--cycles must be 1 to 1000");
        if (devices is < 4 or > 5000)
            throw new ArgumentException("--devices must be 4 to 5000 (at least one of each family)");
        if (min < 0.1 || max > 60 || min > max)
            throw new ArgumentException("--kill-after-min and --kill-after-max must satisfy 0.1 <= min <= max <= 60 (seconds)");
        if (pause is < 0 or > 10_000)
            throw new ArgumentException("--pause-max-ms must be 0 to 10000");
        if (fault == FaultKind.Outage && store != StoreKind.Postgres)
            throw new ArgumentException("--fault outage stops the journal's PostgreSQL, so it needs --store postgres (the tool's private server); an SQLite journal cannot be taken away from a running gateway");
        if (outage is < 1 or > 600)
            throw new ArgumentException("--outage-seconds must be 1 to 600");
        return new CrashOptions(
            cycles,
            fault,
            TimeSpan.FromSeconds(outage),
            store,
            parse.GetValue(Seed) ?? Random.Shared.Next(1, 1_000_000),
            devices,
            TimeSpan.FromSeconds(min),
            TimeSpan.FromSeconds(max),
            TimeSpan.FromMilliseconds(pause),
            parse.GetValue(Out)!,
            parse.GetValue(GatewayDll));
    }
}
