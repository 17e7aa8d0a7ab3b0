using System.Net;
using MQTTnet.Server;

namespace Gateway.Mqtt;

/// <summary>
/// The MQTTnet broker inside the gateway. Devices connect to it directly; the gateway reads
/// their publications through <see cref="MqttIngress"/> and publishes through <see cref="MqttEgressActor"/>.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    /// <summary>The client id the gateway's own publications carry, so ingress can tell them apart.</summary>
    public const string GatewayClientId = "gateway";

    public EmbeddedBroker(BrokerSettings settings)
    {
        Settings = settings;
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Parse(settings.Bind))
            .WithDefaultEndpointPort(settings.Port)
            .WithMaxPendingMessagesPerClient(settings.MaxPendingMessagesPerClient)
            .Build();
        Server = new MqttServerFactory().CreateMqttServer(options);
        Server.ValidatingConnectionAsync += AssignMissingClientId;
    }

    /// <summary>
    /// mosquitto_pub and many device SDKs connect with MQTT 3.1.1, an empty client id and a clean
    /// session, which the specification allows and answers with a server-assigned id. MQTTnet
    /// assigns ids only for MQTT 5 and refuses the rest, so the id is written into the CONNECT
    /// packet here, before MQTTnet checks it.
    /// </summary>
    private static Task AssignMissingClientId(ValidatingConnectionEventArgs args)
    {
        if (string.IsNullOrEmpty(args.ClientId) && args.CleanSession != false)
        {
            var id = $"auto-{Guid.NewGuid():N}";
            args.AssignedClientIdentifier = id;
            ConnectPacket(args).ClientId = id;
        }
        return Task.CompletedTask;
    }

    // MQTTnet keeps the CONNECT packet private to its event args; this reads that field without reflection.
    [System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.Field, Name = "_connectPacket")]
    private static extern ref MQTTnet.Packets.MqttConnectPacket ConnectPacket(ValidatingConnectionEventArgs args);

    public BrokerSettings Settings { get; }

    public MqttServer Server { get; }

    public bool IsListening => Server.IsStarted;

    public Task StartAsync() => Server.StartAsync();

    public Task StopAsync() => Server.IsStarted ? Server.StopAsync(new MqttServerStopOptions()) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Server.Dispose();
    }
}
