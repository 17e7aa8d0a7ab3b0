using Gateway.Mqtt;

namespace Gateway.MqttHttp;

/// <summary>
/// Feeds the HTTP subscriptions from the MQTT transport. On the embedded broker that is its
/// publish interceptor, which sees every message the broker accepts (devices', other clients', the
/// gateway's own, those published over HTTP): no second copy of every message over TCP, no
/// connection to lose inside one process. On an external broker it is this node's plain
/// subscription to each HTTP filter. Each message goes to the matching subscriptions' queues and
/// the handler returns, never waiting on a callback or a stream. Stopping removes every
/// subscription, which ends the callback workers and the event streams.
/// </summary>
public sealed class MqttHttpBridge(IMqttTransport transport, SubscriptionRegistry registry) : IHostedService
{
    private volatile bool _attached;

    public bool IsAttached => _attached;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        transport.Attach(OnMessage);
        _attached = true;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        transport.Detach(OnMessage);
        _attached = false;
        await registry.CloseAllAsync(cancellationToken);
    }

    private ValueTask<Receipt> OnMessage(in InboundMessage message)
    {
        if (message.ForObservers)
            registry.Dispatch(message.Topic, message.Payload, message.Qos, message.Retain);
        return new(Receipt.Taken);
    }
}
