using Akka.Hosting;
using Gateway.Devices.Sharding;
using Gateway.Mqtt;
using Gateway.Protocols.Routing;

namespace Gateway.Host.Hosting;

/// <summary>
/// Attaches the device ingress to the MQTT transport and starts it once the actor system is up
/// (so the first device message has a region to go to), and stops it first on shutdown (so no
/// message arrives at a stopping system). An external broker is connected in the background.
/// </summary>
public sealed class MqttTransportHostedService(
    IMqttTransport transport,
    MqttTransportSettings settings,
    JournalHealth journal,
    TopicRouter router,
    IRequiredActor<DeviceRegion> region,
    IRequiredActor<MqttEgressActor> egress,
    ILoggerFactory loggers,
    ILogger<MqttTransportHostedService> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ingress = new MqttIngress(router, await region.GetAsync(cancellationToken), await egress.GetAsync(cancellationToken),
            settings.PubackTimeout, settings.MaxBacklog, () => journal.IsAvailable, new NotTakenMessages(loggers.CreateLogger<NotTakenMessages>()), loggers.CreateLogger<MqttIngress>());
        transport.Attach(ingress.OnMessage);
        await transport.StartAsync(cancellationToken);
        log.LogInformation("MQTT {Mode}: {Status}", transport.Mode, transport.Status.Description);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await transport.StopAsync(cancellationToken);
        log.LogInformation("MQTT {Mode} transport stopped", transport.Mode);
    }
}
