using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// `--scale [N] [--hocon "key = value"]` measures the live-entities target once (see EntityScale);
// it is one population and one restart, which BenchmarkDotNet's repeated iterations would not
// describe. --hocon overrides the shipped settings for that run.
if (args is ["--scale", ..])
    return Gateway.Benchmarks.EntityScale.Run(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args is [_, _, "--hocon", var hocon] ? hocon : "");
// `--allocations telemetry|sharded|commands [count]` breaks the device actor's bytes per operation down by type.
if (args is ["--allocations", var scenario, ..])
    return Gateway.Benchmarks.AllocationProfile.Run(scenario, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000);

// Every benchmark runs with the memory diagnoser; `--filter '*Routing*'` runs one part.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Gateway.Benchmarks.Payloads).Assembly).Run(args, config);
return 0;
