using Gateway.Mqtt;
using MQTTnet.Server;

namespace Gateway.Host.MqttHttp;

/// <summary>
/// Feeds the HTTP subscriptions from the broker's publish interceptor, which sees every message
/// the broker accepts: devices', other clients', the gateway's own and those published over HTTP.
/// It hands each message to the matching subscriptions' queues and returns, never waiting on a
/// callback or a stream. An interceptor rather than an MQTT client on loopback: no second copy of
/// every message over TCP, and no connection to lose and re-establish inside one process.
/// Stopping removes every subscription, which ends the callback workers and the event streams.
/// </summary>
public sealed class MqttHttpBridge(EmbeddedBroker broker, SubscriptionRegistry registry) : IHostedService
{
    /// <summary>The client id that messages published through <c>POST /mqtt/publish</c> carry.</summary>
    public const string PublisherClientId = "gateway-http";

    private volatile bool _attached;

    public bool IsAttached => _attached;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        broker.Server.InterceptingPublishAsync += OnPublish;
        _attached = true;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        broker.Server.InterceptingPublishAsync -= OnPublish;
        _attached = false;
        await registry.CloseAllAsync(cancellationToken);
    }

    private Task OnPublish(InterceptingPublishEventArgs args)
    {
        var message = args.ApplicationMessage;
        // A publication refused before us (an unknown topic alias) never reaches a subscriber.
        if (args.ProcessPublish && !string.IsNullOrEmpty(message.Topic))
            registry.Dispatch(message.Topic, message.Payload, (int)message.QualityOfServiceLevel, message.Retain);
        return Task.CompletedTask;
    }
}
