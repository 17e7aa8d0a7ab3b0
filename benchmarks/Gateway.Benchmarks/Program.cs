using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// Every benchmark runs with the memory diagnoser; `--filter '*Routing*'` runs one part.
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Gateway.Benchmarks.Payloads).Assembly).Run(args, config);
