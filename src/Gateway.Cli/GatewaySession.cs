using System.CommandLine;
using Akka.Hosting;
using Gateway.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Cli;

/// <summary>
/// One run of a sub-command: joins the cluster as a client, runs the action, then leaves the
/// cluster gracefully, so the gateway nodes never see this process as an unreachable member.
/// </summary>
public static class GatewaySession
{
    public static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<GatewayClient, CancellationToken, Task<int>> action)
    {
        GatewayClientOptions options;
        try
        {
            options = CliOptions.ClientOptions(parse);
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            // Logs go to standard error, so that standard output is only the answer (and --json stays parseable).
            // Remoting warns about members that just left; an operator asked for an answer, not for those.
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
                .SetMinimumLevel(parse.GetValue(CliOptions.Verbose) ? LogLevel.Information : LogLevel.Error);
            // Akka's own start-up and shutdown lines stay out too (the client library puts them on standard error).
            builder.Services.AddGatewayClient(options, (akka, _) => akka.AddHocon("akka.stdout-loglevel = OFF", HoconAddMode.Prepend));
            using var host = builder.Build();
            await host.StartAsync(CancellationToken.None);
            try
            {
                var client = host.Services.GetRequiredService<GatewayClient>();
                if (!await client.WaitUntilJoinedAsync(ct))
                {
                    var through = options.SeedNodes.Count > 0 ? string.Join(",", options.SeedNodes) : string.Join(",", options.ContactPoints);
                    Console.Error.WriteLine($"gateway-cli: could not join the gateway's cluster through {through} within {options.JoinTimeout.TotalSeconds:0} s; are the nodes running (--contact-points)?");
                    return ExitCodes.Unavailable;
                }
                return await action(client, ct);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"gateway-cli: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
    }

    /// <summary>Prints the error and turns its kind into the exit code.</summary>
    public static int Fail(GatewayError error)
    {
        Console.Error.WriteLine($"gateway-cli: {error.Message}");
        foreach (var field in error.Fields)
            Console.Error.WriteLine($"  {field.Field}: {field.Message}");
        return error.Kind switch
        {
            GatewayErrorKind.NotFound => ExitCodes.NotFound,
            GatewayErrorKind.Invalid => ExitCodes.Invalid,
            _ => ExitCodes.Unavailable,
        };
    }
}
