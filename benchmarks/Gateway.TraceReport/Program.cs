using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Where a process's allocations go, from a trace of it taken with
//   dotnet-trace collect -p <pid> --profile gc-verbose --duration 00:00:00:10 -o alloc.nettrace
// The runtime samples one allocation about every 100 KB (GCAllocationTick) with its type and
// stack; summing the sampled amounts by type and by the first frames of the stack shows who
// allocates what share of the bytes, which is what the memory diagnoser cannot show for a
// whole gateway under load.
if (args.Length is < 1 or > 3 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Gateway.TraceReport <trace.nettrace> [stack frames, default 5] [rows, default 25]");
    return 2;
}
var depth = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
var rows = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 25;

// Each sample is charged to the component of its innermost frame that belongs to one of these.
(string Prefix, string Component)[] components =
[
    ("Gateway.", "gateway code"),
    ("LinqToDB.", "journal (Akka.Persistence.Sql, linq2db, ADO.NET driver)"),
    ("Akka.Persistence.Sql.", "journal (Akka.Persistence.Sql, linq2db, ADO.NET driver)"),
    ("Microsoft.Data.Sqlite.", "journal (Akka.Persistence.Sql, linq2db, ADO.NET driver)"),
    ("Npgsql.", "journal (Akka.Persistence.Sql, linq2db, ADO.NET driver)"),
    ("MQTTnet.", "MQTT broker (MQTTnet)"),
    ("Akka.", "Akka.NET (actors, sharding, persistence, remoting)"),
    ("Microsoft.AspNetCore.", "HTTP (ASP.NET Core)"),
];
var byComponent = new Dictionary<string, long>();
var byType = new Dictionary<string, long>();
var byStack = new Dictionary<string, long>();
long total = 0;
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData tick)
        continue;
    total += tick.AllocationAmount64;
    byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + tick.AllocationAmount64;
    var frames = Frames(e.CallStack()).ToList();
    var component = frames.Select(f => components.FirstOrDefault(c => f.StartsWith(c.Prefix, StringComparison.Ordinal)).Component).FirstOrDefault(c => c is not null) ?? "other (runtime, thread pool, unresolved)";
    byComponent[component] = byComponent.GetValueOrDefault(component) + tick.AllocationAmount64;
    var stack = string.Join(" < ", frames.Take(depth));
    var key = $"{tick.TypeName} <= {stack}";
    byStack[key] = byStack.GetValueOrDefault(key) + tick.AllocationAmount64;
}
if (total == 0)
{
    Console.Error.WriteLine($"{args[0]} holds no allocation samples: collect it with --profile gc-verbose");
    return 1;
}

var seconds = (log.SessionEndTime - log.SessionStartTime).TotalSeconds;
Console.WriteLine($"sampled allocations: {total:N0} B over {seconds:N1} s (≈ {total / seconds / 1e6:N1} MB/s)");
Console.WriteLine();
Console.WriteLine("| share | component (innermost frame of the allocating stack) |");
Console.WriteLine("|---:|---|");
foreach (var (component, bytes) in byComponent.OrderByDescending(p => p.Value))
    Console.WriteLine($"| {100.0 * bytes / total:N1} % | {component} |");
Console.WriteLine();
Console.WriteLine("| share | type |");
Console.WriteLine("|---:|---|");
foreach (var (type, bytes) in byType.OrderByDescending(p => p.Value).Take(rows))
    Console.WriteLine($"| {100.0 * bytes / total:N1} % | `{type}` |");
Console.WriteLine();
Console.WriteLine("| share | type <= allocating frames (innermost first) |");
Console.WriteLine("|---:|---|");
foreach (var (stack, bytes) in byStack.OrderByDescending(p => p.Value).Take(rows))
    Console.WriteLine($"| {100.0 * bytes / total:N1} % | {stack} |");
return 0;

// Frames with a method name, leaving out the async and execution-context plumbing between them.
static IEnumerable<string> Frames(TraceCallStack? frame)
{
    for (; frame is not null; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(name) || name.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal)
            || name.StartsWith("System.Threading.ExecutionContext", StringComparison.Ordinal))
            continue;
        yield return Shorten(name);
    }
}

// A method's name without its parameter list, which for generic async frames runs to hundreds of characters.
static string Shorten(string method)
{
    var paren = method.IndexOf('(');
    return paren > 0 ? method[..paren] : method;
}
