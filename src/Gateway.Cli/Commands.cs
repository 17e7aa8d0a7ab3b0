using System.CommandLine;
using Gateway.Client;

namespace Gateway.Cli;

/// <summary>The sub-commands: cluster, device get, command send / get, desired set, watch.</summary>
public static class Commands
{
    public static RootCommand Root()
    {
        var root = new RootCommand("gateway-cli: the gateway's cluster, devices, commands and live changes, over Akka remoting (role client)")
        {
            CliOptions.ContactPoints, CliOptions.SeedNodes, CliOptions.MaxShards, CliOptions.Timeout, CliOptions.Output, CliOptions.Verbose,
        };
        root.Add(Cluster());
        root.Add(new Command("device", "read devices") { DeviceGet() });
        root.Add(new Command("command", "send commands and read their lifecycle") { CommandSend(), CommandGet() });
        root.Add(new Command("desired", "set a device's desired state") { DesiredSet() });
        root.Add(Watch());
        return root;
    }

    private static Command Cluster()
    {
        var command = new Command("cluster", "the members, their status and the device shards each gateway node holds") { CliOptions.Json };
        command.SetAction((parse, ct) => GatewaySession.RunAsync(parse, ct, async (client, token) =>
        {
            Printer.Cluster(await client.GetClusterAsync(token), CliOptions.JsonOutput(parse));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command DeviceGet()
    {
        var command = new Command("get", "a device's view: connectivity, shadow, pending commands, recent events") { CliOptions.Device, CliOptions.Json };
        command.SetAction((parse, ct) => !CliOptions.TryDevice(parse, out var device) ? Task.FromResult(ExitCodes.Usage)
            : GatewaySession.RunAsync(parse, ct, async (client, token) =>
            {
                var result = await client.GetDeviceAsync(device, token);
                if (result.Value is not { } view)
                    return GatewaySession.Fail(result.Error!);
                Printer.Device(view, CliOptions.JsonOutput(parse));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command CommandSend()
    {
        var body = new Option<string>("--json") { Description = "the command as the device family's document spells it, e.g. '{\"command\":\"LAUNCH\",...}'", Required = true };
        var wait = new Option<bool>("--wait") { Description = "wait for the outcome: exit 0 acknowledged, 5 timed out, 6 failed" };
        var command = new Command("send", "send a command; prints it once accepted (journaled), or its outcome with --wait") { CliOptions.Device, body, wait };
        command.SetAction((parse, ct) => !CliOptions.TryDevice(parse, out var device) ? Task.FromResult(ExitCodes.Usage)
            : GatewaySession.RunAsync(parse, ct, async (client, token) =>
            {
                var result = parse.GetValue(wait)
                    ? await client.SendCommandAsync(device, parse.GetRequiredValue(body), token)
                    : await client.SubmitCommandAsync(device, parse.GetRequiredValue(body), token);
                return CommandAnswer(parse, result);
            }));
        return command;
    }

    private static Command CommandGet()
    {
        var id = new Argument<string>("command-id") { Description = "the command's id, as command send printed it" };
        var command = new Command("get", "one command's lifecycle") { CliOptions.Device, id, CliOptions.Json };
        command.SetAction((parse, ct) => !CliOptions.TryDevice(parse, out var device) ? Task.FromResult(ExitCodes.Usage)
            : GatewaySession.RunAsync(parse, ct, async (client, token) =>
                CommandAnswer(parse, await client.GetCommandAsync(device, parse.GetRequiredValue(id), token))));
        return command;
    }

    private static Command DesiredSet()
    {
        var body = new Option<string>("--json") { Description = "a JSON object merged into the desired state; a null value removes a key", Required = true };
        var command = new Command("set", "merge into the desired state; prints the resulting shadow") { CliOptions.Device, body };
        command.SetAction((parse, ct) => !CliOptions.TryDevice(parse, out var device) ? Task.FromResult(ExitCodes.Usage)
            : GatewaySession.RunAsync(parse, ct, async (client, token) =>
            {
                var result = await client.SetDesiredAsync(device, parse.GetRequiredValue(body), token);
                if (result.Value is not { } shadow)
                    return GatewaySession.Fail(result.Error!);
                Printer.Shadow(shadow, CliOptions.JsonOutput(parse));
                return ExitCodes.Ok;
            }));
        return command;
    }

    private static Command Watch()
    {
        var device = new Argument<string?>("device") { Description = "the device, kind/id or kind/org/id", Arity = ArgumentArity.ZeroOrOne };
        var family = new Option<string?>("--family") { Description = "every device of one family instead (drone, esp32, wardragon, anc, petal)" };
        var command = new Command("watch", "print the device's view, then each state change and command lifecycle as it happens, until Ctrl+C")
        {
            device, family, CliOptions.Json,
        };
        command.SetAction((parse, ct) =>
        {
            var kind = parse.GetValue(family);
            var text = parse.GetValue(device);
            if ((kind is null) == (text is null))
            {
                Console.Error.WriteLine("gateway-cli: watch takes a device (drone/Alpha-3) or --family KIND");
                return Task.FromResult(ExitCodes.Usage);
            }
            Gateway.Contracts.DeviceKey key = default;
            if (text is not null && !Gateway.Contracts.DeviceKey.TryParse(text, out key))
            {
                Console.Error.WriteLine($"gateway-cli: '{text}' is not a device: kind/id (drone/Alpha-3) or kind/org/id");
                return Task.FromResult(ExitCodes.Usage);
            }
            return GatewaySession.RunAsync(parse, ct, async (client, token) =>
            {
                var json = CliOptions.JsonOutput(parse);
                var changes = kind is null ? client.WatchAsync(key, ct: token) : client.WatchFamilyAsync(kind, ct: token);
                await foreach (var change in changes)
                    Printer.Change(change, json);
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    private static int CommandAnswer(ParseResult parse, GatewayResult<Gateway.Contracts.Views.CommandView> result)
    {
        if (result.Value is not { } view)
            return GatewaySession.Fail(result.Error!);
        Printer.Command(view, CliOptions.JsonOutput(parse));
        return view.OutcomeOf() switch
        {
            CommandOutcome.TimedOut => ExitCodes.TimedOut,
            CommandOutcome.Failed => ExitCodes.Failed,
            _ => ExitCodes.Ok,
        };
    }
}
