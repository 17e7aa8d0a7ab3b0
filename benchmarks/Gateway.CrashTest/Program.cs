using Gateway.CrashTest.Options;
using Gateway.CrashTest.Report;
using Gateway.CrashTest.Run;

var parse = CrashCommandLine.Root().Parse(args);
if (parse.Errors.Count > 0 || parse.Action is not null)
{
    // --help (and --version) are System.CommandLine's own actions; wrong options end here too.
    foreach (var error in parse.Errors)
        Console.Error.WriteLine($"crashtest: {error.Message}");
    return parse.Errors.Count > 0 ? 2 : await parse.InvokeAsync();
}
CrashOptions options;
try
{
    options = CrashCommandLine.Read(parse);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"crashtest: {e.Message}");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the run and still cleans up (the gateway and PostgreSQL are stopped).
    e.Cancel = true;
    cts.Cancel();
};
var outDir = Path.GetFullPath(options.OutDir);
Directory.CreateDirectory(outDir);
try
{
    var report = await CrashRun.RunAsync(options, "Gateway.CrashTest " + string.Join(' ', args), outDir, cts.Token);
    await CrashRun.WriteAsync(report, outDir, cts.Token);
    Console.WriteLine();
    Console.WriteLine(MarkdownReport.Write(report));
    return report.TotalLost == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("crashtest: stopped");
    return 130;
}
catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or HttpRequestException or MQTTnet.Exceptions.MqttCommunicationException)
{
    // FileNotFoundException (an IOException) carries how to get what is missing: PostgreSQL, the gateway build.
    Console.Error.WriteLine($"crashtest: {e.Message}");
    return 3;
}
