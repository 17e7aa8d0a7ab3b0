using System.Text;
using System.Text.Json;
using Gateway.Client;
using Gateway.Contracts.Json;
using Gateway.Contracts.Views;
using Gateway.Contracts.Watching;
using Spectre.Console;

namespace Gateway.Cli;

/// <summary>What the CLI prints: readable tables by default, one JSON document per answer (per line for watch) with --json.</summary>
public static class Printer
{
    public static void Cluster(ClusterOverview cluster, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(cluster, CliJsonContext.Default.ClusterOverview));
            return;
        }
        var table = new Table().AddColumns("member", "roles", "status", "reachable", "shards", "devices");
        foreach (var m in cluster.Members)
            table.AddRow(Markup.Escape(m.Address), string.Join(",", m.Roles), m.Status, m.Reachable ? "yes" : "[red]no[/]",
                m.Shards?.ToString() ?? "-", m.Devices?.ToString() ?? "-");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"leader [bold]{Markup.Escape(cluster.Leader ?? "none")}[/], asked from {Markup.Escape(cluster.Self)}");
    }

    public static void Device(DeviceView view, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(view, GatewayJsonContext.Default.DeviceView));
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        Row(grid, "device", view.Org is null ? $"{view.Kind}/{view.Id}" : $"{view.Kind}/{view.Org}/{view.Id}");
        Row(grid, "online", view.Online ? "yes" : "no");
        Row(grid, "last seen", view.LastSeen?.ToString("u") ?? "never");
        Row(grid, "version", view.Shadow.Version.ToString());
        Row(grid, "reported", view.Shadow.Reported.ToString());
        Row(grid, "desired", view.Shadow.Desired.ToString());
        Row(grid, "delta", view.Shadow.Delta.ToString());
        Row(grid, "pending commands", view.PendingCommands.Count == 0 ? "none"
            : string.Join("\n", view.PendingCommands.Select(c => $"{c.CommandId} {c.Command} {c.Status}")));
        Row(grid, "recent events", view.RecentEvents.Count == 0 ? "none"
            : string.Join("\n", view.RecentEvents.Select(e => $"{e.ReceivedAt:u} {e.Event}")));
        if (view.RecentRejections.Count > 0)
            Row(grid, "recent rejections", string.Join("\n", view.RecentRejections.Select(r => $"{r.At:u} {r.Topic}: {r.Reason}")));
        AnsiConsole.Write(grid);
    }

    public static void Command(CommandView command, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(command, GatewayJsonContext.Default.CommandView));
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        Row(grid, "command id", command.CommandId);
        Row(grid, "command", command.Command);
        Row(grid, "status", command.Status);
        Row(grid, "outcome", command.OutcomeOf().ToString());
        Row(grid, "attempts", $"{command.Attempts.Count} of {command.MaxAttempts}, {command.AckTimeoutMs} ms each");
        Row(grid, "accepted", command.AcceptedAt.ToString("u"));
        Row(grid, "settled", command.SettledAt?.ToString("u") ?? "not yet");
        if (command.Error is { } error)
            Row(grid, "error", error);
        AnsiConsole.Write(grid);
    }

    public static void Shadow(ShadowView shadow, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(shadow, GatewayJsonContext.Default.ShadowView));
            return;
        }
        var grid = new Grid().AddColumn().AddColumn();
        Row(grid, "version", shadow.Version.ToString());
        Row(grid, "desired", shadow.Desired.ToString());
        Row(grid, "delta", shadow.Delta.ToString());
        AnsiConsole.Write(grid);
    }

    /// <summary>One line per change, written at once, so that a pipe sees each change as it happens.</summary>
    public static void Change(IDeviceChange change, bool json)
    {
        Console.WriteLine(json ? ChangeJson(change) : change switch
        {
            DeviceChanged d => $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {d.EntityId} state v{d.View.Shadow.Version} {(d.View.Online ? "online" : "offline")} reported {d.View.Shadow.Reported}",
            CommandChanged c => $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {c.EntityId} command {c.Command.CommandId} {c.Command.Command} {c.Command.Status} (attempt {c.Command.Attempts.Count})",
            DeviceEventAdded e => $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {e.EntityId} event {e.Event.Event} {e.Event.Payload}",
            TranscriptLineAdded t => $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {t.EntityId} transcript {t.Line}",
            _ => $"{change.EntityId} {change.GetType().Name}",
        });
        Console.Out.Flush();
    }

    private static string ChangeJson(IDeviceChange change)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("entity_id", change.EntityId);
            if (change is DeviceChanged d)
            {
                w.WriteString("type", "state");
                w.WritePropertyName("view");
                JsonSerializer.Serialize(w, d.View, GatewayJsonContext.Default.DeviceView);
            }
            else if (change is CommandChanged c)
            {
                w.WriteString("type", "command");
                w.WritePropertyName("command");
                JsonSerializer.Serialize(w, c.Command, GatewayJsonContext.Default.CommandView);
            }
            else if (change is DeviceEventAdded e)
            {
                w.WriteString("type", "event");
                w.WritePropertyName("event");
                JsonSerializer.Serialize(w, e.Event, GatewayJsonContext.Default.DeviceEventView);
            }
            else if (change is TranscriptLineAdded t)
            {
                w.WriteString("type", "transcript");
                w.WritePropertyName("line");
                w.WriteRawValue(t.Line.Utf8, skipInputValidation: true);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Row(Grid grid, string name, string value) => grid.AddRow(new Markup($"[bold]{name}[/]"), new Text(value));
}
