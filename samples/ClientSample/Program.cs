using Gateway.Client;
using Gateway.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The gateway nodes' management endpoints: scripts/cluster.sh start runs them on 8558-8560.
string[] contactPoints = args.Length > 0 ? args : ["127.0.0.1:8558", "127.0.0.1:8559", "127.0.0.1:8560"];

var builder = Host.CreateApplicationBuilder();
builder.Logging.AddFilter("Akka", LogLevel.Warning);
builder.Services.AddGatewayClient(options => options.ContactPoints = contactPoints);
using var host = builder.Build();
await host.StartAsync();

var gateway = host.Services.GetRequiredService<GatewayClient>();
if (!await gateway.WaitUntilJoinedAsync())
{
    Console.Error.WriteLine("could not join the gateway's cluster: are the nodes running?");
    return 1;
}

var drone = new DeviceKey("drone", null, "Alpha-3");
var device = await gateway.GetDeviceAsync(drone);
Console.WriteLine(device.Value is { } view
    ? $"{view.Id}: online {view.Online}, reported {view.Shadow.Reported}"
    : $"{drone.EntityId}: {device.Error}");

// Accepted once journaled; the outcome comes when the drone answers LAUNCH_ACKNOWLEDGED on /events
// (or the gateway's retries run out).
var launch = await gateway.SubmitCommandAsync(drone, """
    {"command": "LAUNCH", "mission_id": "M-20251201-001", "priority": "EMERGENCY",
     "destination": {"latitude": 42.3601, "longitude": -71.0589},
     "return_to_base": true, "voice_ai_enabled": true, "expected_ack_timeout": 5000}
    """);
if (launch.Value is not { } command)
{
    Console.Error.WriteLine($"LAUNCH refused: {launch.Error}");
    return 2;
}
Console.WriteLine($"LAUNCH accepted as {command.CommandId}");

var settled = await gateway.AwaitCommandAsync(drone, command.CommandId);
Console.WriteLine(settled.Value is { } outcome
    ? $"LAUNCH {outcome.OutcomeOf()} ({outcome.Status})"
    : $"LAUNCH: {settled.Error}");

await host.StopAsync();
return settled.Value?.OutcomeOf() == CommandOutcome.Acknowledged ? 0 : 3;
