using Akka.Actor;
using Akka.Hosting;
using Gateway.Devices.Actors;
using Gateway.Devices.Sharding;
using Gateway.Mqtt;
using Gateway.Protocols.Routing;

namespace Gateway.Host.Hosting;

/// <summary>
/// Attaches the device ingress to the MQTT transport and starts it once the actor system is up
/// (so the first device message has a region to go to), and stops it in the host's stopping
/// phase, after the drain and before any hosted service stops (so no message arrives at a
/// stopping system, and Kestrel, which carries the embedded broker's connections, finds them
/// closed instead of waiting its whole shutdown timeout for clients that stay connected).
/// An external broker is connected in the background.
/// </summary>
public sealed class MqttTransportHostedService(
    IMqttTransport transport,
    MqttTransportSettings settings,
    JournalHealth journal,
    TopicRouter router,
    IRequiredActor<DeviceRegion> region,
    IRequiredActor<MqttEgressActor> egress,
    ActorSystem system,
    ILoggerFactory loggers,
    ILogger<MqttTransportHostedService> log) : IHostedLifecycleService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var backlog = DeviceBacklog.Get(system);
        var ingress = new MqttIngress(router, await region.GetAsync(cancellationToken), await egress.GetAsync(cancellationToken),
            settings.PubackTimeout, settings.MaxBacklog, () => journal.IsAvailable, () => backlog.Behind,
            new NotTakenMessages(loggers.CreateLogger<NotTakenMessages>()),
            new DroppedMessages(loggers.CreateLogger<DroppedMessages>(), backlog.Explain, TimeSpan.FromSeconds(10)),
            loggers.CreateLogger<MqttIngress>());
        transport.Attach(ingress.OnMessage);
        await transport.StartAsync(cancellationToken);
        log.LogInformation("MQTT {Mode}: {Status}", transport.Mode, transport.Status.Description);
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await transport.StopAsync(cancellationToken);
        log.LogInformation("MQTT {Mode} transport stopped", transport.Mode);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
