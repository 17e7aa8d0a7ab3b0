using MQTTnet;
using MQTTnet.Formatter;

namespace Gateway.LoadTest.Mqtt;

/// <summary>One MQTT 5 TCP connection with a clean session, as every client of the tool opens it.</summary>
public static class MqttConnect
{
    private const int ReceiveBufferBytes = 256 * 1024;

    public static async Task<IMqttClient> ConnectAsync(string host, int port, string clientId, CancellationToken ct)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(15))
            .Build();
        // MQTTnet sets SO_RCVBUF to its BufferSize, 8 KiB unless told, which turns off Linux's
        // receive-window autotuning. On loopback (MSS 64 KiB) a window that small is below one
        // segment, and a server that writes several packets at once (Kestrel does) then waits for
        // Linux's 200 ms probe timer at every window: an observer read 25 messages a second.
        // 256 KiB, as the kernel would grow to, measures the gateway and not that pathology.
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = ReceiveBufferBytes;
        try
        {
            var result = await client.ConnectAsync(options, ct);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new InvalidOperationException($"MQTT connect to {host}:{port} as {clientId} answered {result.ResultCode} {result.ReasonString}");
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static async Task SubscribeAsync(IMqttClient client, IEnumerable<string> filters, MQTTnet.Protocol.MqttQualityOfServiceLevel qos, CancellationToken ct)
    {
        // One SUBSCRIBE per hundred filters keeps each packet small for brokers with packet size limits.
        foreach (var chunk in filters.Chunk(100))
        {
            var builder = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in chunk)
                builder.WithTopicFilter(filter, qos);
            var result = await client.SubscribeAsync(builder.Build(), ct);
            foreach (var item in result.Items)
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                    throw new InvalidOperationException($"subscription to {item.TopicFilter.Topic} refused: {item.ResultCode}");
        }
    }

    /// <summary>Disconnects if still connected; a broker that is already gone is not an error at the end of a run.</summary>
    public static async Task CloseAsync(IMqttClient client)
    {
        try
        {
            if (client.IsConnected)
                await client.DisconnectAsync();
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
        {
            // Nothing left to close.
        }
        client.Dispose();
    }
}
