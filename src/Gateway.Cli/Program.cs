using System.CommandLine;
using Gateway.Cli;

var parse = Commands.Root().Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
        Console.Error.WriteLine($"gateway-cli: {error.Message}");
    Console.Error.WriteLine("gateway-cli: --help shows the commands and options");
    return ExitCodes.Usage;
}
// Ctrl+C cancels the action, which leaves the cluster before the process ends.
return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
