using System.CommandLine;
using Gateway.Client;
using Gateway.Contracts;

namespace Gateway.Cli;

/// <summary>The options every sub-command takes: how to reach the cluster and how to print.</summary>
public static class CliOptions
{
    public static readonly Option<string> ContactPoints = new("--contact-points")
    {
        Description = "the gateway nodes' management endpoints, host:port,... (as the host's --contact-points; GATEWAY_CONTACT_POINTS)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEWAY_CONTACT_POINTS") is { Length: > 0 } env ? env : "127.0.0.1:8558",
        Recursive = true,
    };

    public static readonly Option<string?> SeedNodes = new("--seed-nodes")
    {
        Description = "static seed nodes instead of contact points, akka.tcp://gateway@host:port,... (GATEWAY_SEED_NODES)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("GATEWAY_SEED_NODES"),
        Recursive = true,
    };

    public static readonly Option<int> MaxShards = new("--max-shards")
    {
        Description = "the gateway's gateway.sharding.max-shards (default 100)",
        DefaultValueFactory = _ => 100,
        Recursive = true,
    };

    public static readonly Option<double> Timeout = new("--timeout")
    {
        Description = "seconds to wait for the cluster and for each answer (default 15)",
        DefaultValueFactory = _ => 15,
        Recursive = true,
    };

    public static readonly Option<string> Output = new("--output", "-o")
    {
        Description = "table (default) or json, for scripts",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "log Akka's joining and remoting on standard error (by default only errors)",
        Recursive = true,
    };

    /// <summary>Shorthand for <c>--output json</c> where <c>--json</c> is not the command's body.</summary>
    public static readonly Option<bool> Json = new("--json") { Description = "print JSON, for scripts (same as --output json)" };

    public static readonly Argument<string> Device = new("device") { Description = "the device: kind/id (drone/Alpha-3) or kind/org/id (esp32/acme/esp32-001)" };

    static CliOptions() => Output.AcceptOnlyFromAmong("table", "json");

    public static GatewayClientOptions ClientOptions(ParseResult parse)
    {
        var timeout = TimeSpan.FromSeconds(parse.GetValue(Timeout));
        return new GatewayClientOptions
        {
            ContactPoints = Split(parse.GetValue(ContactPoints)),
            SeedNodes = Split(parse.GetValue(SeedNodes)),
            MaxShards = parse.GetValue(MaxShards),
            AskTimeout = timeout,
            JoinTimeout = timeout,
        };
    }

    public static bool JsonOutput(ParseResult parse) =>
        parse.GetValue(Output) == "json" || (parse.CommandResult.Command.Options.Contains(Json) && parse.GetValue(Json));

    public static bool TryDevice(ParseResult parse, out DeviceKey device)
    {
        var text = parse.GetValue(Device) ?? "";
        if (DeviceKey.TryParse(text, out device))
            return true;
        Console.Error.WriteLine($"gateway-cli: '{text}' is not a device: kind/id (drone/Alpha-3) or kind/org/id (esp32/acme/esp32-001)");
        return false;
    }

    private static List<string> Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
