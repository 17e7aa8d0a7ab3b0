using Akka.Hosting;
using Gateway.Mqtt;
using Gateway.Protocols.Routing;

namespace Gateway.Host.Hosting;

/// <summary>
/// Starts the embedded broker once the actor system is up (so the first device message has a
/// region to go to) and stops it first on shutdown (so no message arrives at a stopping system).
/// </summary>
public sealed class BrokerHostedService(
    EmbeddedBroker broker,
    TopicRouter router,
    IRequiredActor<DeviceRegion> region,
    IRequiredActor<MqttEgressActor> egress,
    ILoggerFactory loggers,
    ILogger<BrokerHostedService> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ingress = new MqttIngress(router, await region.GetAsync(cancellationToken), await egress.GetAsync(cancellationToken), loggers.CreateLogger<MqttIngress>());
        broker.Server.InterceptingPublishAsync += ingress.OnPublish;
        await broker.StartAsync();
        log.LogInformation("MQTT broker listening on {Bind}:{Port}", broker.Settings.Bind, broker.Settings.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await broker.StopAsync();
        log.LogInformation("MQTT broker stopped");
    }
}
