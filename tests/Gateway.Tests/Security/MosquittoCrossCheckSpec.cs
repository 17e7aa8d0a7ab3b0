using System.Collections.Concurrent;
using System.Text;
using Gateway.IntegrationTests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Xunit;

namespace Gateway.Tests.Security;

/// <summary>
/// The claim that one policy file works on both brokers, tested: a real mosquitto 2 loads
/// examples/security/skyrescue.acl with a password file from the real mosquitto_passwd, and for
/// each case what it delivers is compared with what <see cref="Gateway.Mqtt.Security.AccessPolicy"/> decides.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MosquittoCrossCheckSpec
{
    private const string Password = "cross-check-secret";
    private static readonly string[] Users = ["Alpha-3", "Bravo-1", "dispatcher", "backend", "gateway"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Who publishes where, who subscribes to what; the message reaches the subscriber or not.</summary>
    private static readonly (string Publisher, string Topic, string Subscriber, string Filter)[] Cases =
    [
        ("Alpha-3", "/drone/Alpha-3/telemetry", "dispatcher", "/drone/+/telemetry"),
        ("Alpha-3", "/drone/Bravo-1/telemetry", "dispatcher", "/drone/+/telemetry"),
        ("Alpha-3", "drone/Alpha-3/voice/transcript", "dispatcher", "drone/+/voice/transcript"),
        ("Alpha-3", "drone/Alpha-3/voice/transcript", "backend", "drone/Alpha-3/voice/transcript"),
        ("Bravo-1", "/drone/Bravo-1/events", "backend", "/drone/+/events"),
        ("backend", "/drone/Alpha-3/command", "Alpha-3", "/drone/Alpha-3/command"),
        ("backend", "/drone/Bravo-1/command", "Alpha-3", "/drone/Bravo-1/command"),
        ("dispatcher", "/drone/Alpha-3/command", "Alpha-3", "/drone/Alpha-3/command"),
        ("dispatcher", "/drone/dispatcher/telemetry", "backend", "/drone/dispatcher/telemetry"),
        ("Alpha-3", "gateway/drone/Alpha-3/state", "gateway", "gateway/#"),
        ("gateway", "gateway/drone/Alpha-3/state", "dispatcher", "gateway/#"),
        ("Bravo-1", "drone/Bravo-1/status", "gateway", "$share/gateway/drone/+/status"),
        ("Bravo-1", "/drone/Bravo-1/status", "gateway", "$share/gateway//drone/+/status"),
    ];

    [Fact]
    public async Task Mosquitto_delivers_exactly_what_the_gateways_policy_allows()
    {
        var root = Directory.CreateTempSubdirectory("gateway-policy-").FullName;
        try
        {
            // mosquitto, started as root, reads these as the user it drops to.
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
            var acl = Path.Combine(root, "skyrescue.acl");
            File.Copy(ExamplePolicies.Path("skyrescue.acl"), acl);
            var passwords = Path.Combine(root, "passwd");
            await WritePasswordFileAsync(passwords);
            foreach (var file in new[] { acl, passwords })
                File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);

            await using var broker = await MosquittoBroker.StartAsync(["allow_anonymous false", $"password_file {passwords}", $"acl_file {acl}"]);
            var policy = ExamplePolicies.SkyRescue;
            var disagreements = new List<string>();
            foreach (var (publisher, topic, subscriber, filter) in Cases)
            {
                var delivered = await DeliveredAsync(broker, publisher, topic, subscriber, filter);
                var subscription = policy.CanSubscribe(subscriber, $"{subscriber}-sub", filter);
                var published = policy.CanPublish(publisher, $"{publisher}-pub", topic);
                var received = policy.CanReceive(subscriber, $"{subscriber}-sub", topic);
                var allowed = published.Allowed && subscription.Allowed && (!subscription.CheckEachMessage || received.Allowed);
                if (delivered != allowed)
                    disagreements.Add($"{publisher} -> {topic} -> {subscriber} on {filter}: mosquitto {(delivered ? "delivered" : "did not deliver")}, "
                        + $"the policy says publish {published.Reason}; subscribe {subscription.Reason}; receive {received.Reason}");
            }
            Assert.True(disagreements.Count == 0, string.Join('\n', disagreements) + "\n" + broker.LogTail(40));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Whether mosquitto hands the subscriber a message the publisher sent on the topic. A marker
    /// the subscriber may read, published after the broker acknowledged the message, ends the
    /// wait: mosquitto queues a message to its subscribers before acknowledging it and delivers
    /// each client's queue in order, so a message not seen by the time the marker arrives never comes.
    /// </summary>
    private static async Task<bool> DeliveredAsync(MosquittoBroker broker, string publisher, string topic, string subscriber, string filter)
    {
        var (markerPublisher, markerTopic) = subscriber == "Alpha-3" ? ("backend", "/drone/Alpha-3/command") : ("Bravo-1", "/drone/Bravo-1/telemetry");
        var payload = $"case-{Guid.NewGuid():N}";
        var marker = $"marker-{Guid.NewGuid():N}";
        var received = new ConcurrentQueue<string>();
        var markerSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var listener = await ConnectAsync(broker, subscriber, "sub");
        listener.ApplicationMessageReceivedAsync += e =>
        {
            var text = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            received.Enqueue(text);
            if (text == marker)
                markerSeen.TrySetResult();
            return Task.CompletedTask;
        };
        await listener.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(markerTopic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        using (var sender = await ConnectAsync(broker, publisher, "pub"))
            await sender.PublishAsync(Message(topic, payload));
        using (var markerSender = await ConnectAsync(broker, markerPublisher, "marker"))
            await markerSender.PublishAsync(Message(markerTopic, marker));

        if (await Task.WhenAny(markerSeen.Task, Task.Delay(Deadline)) != markerSeen.Task)
            Assert.Fail($"{subscriber} did not receive {markerPublisher}'s marker on {markerTopic} within {Deadline.TotalSeconds} s\n{broker.LogTail(40)}");
        return received.Contains(payload);
    }

    private static MqttApplicationMessage Message(string topic, string payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(Encoding.UTF8.GetBytes(payload))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    /// <summary>MQTT 5, which shared subscriptions need; a refused login fails the test.</summary>
    private static async Task<IMqttClient> ConnectAsync(MosquittoBroker broker, string user, string role)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"{user}-{role}")
            .WithCredentials(user, Password)
            .WithCleanSession()
            .WithTimeout(Deadline)
            .Build();
        var result = await client.ConnectAsync(options);
        Assert.True(result.ResultCode == MqttClientConnectResultCode.Success, $"{user} could not log in to mosquitto: {result.ResultCode}\n{broker.LogTail(40)}");
        return client;
    }

    private static async Task WritePasswordFileAsync(string path)
    {
        var tool = RequiredTool.Find("mosquitto_passwd", "Install mosquitto: apt-get install mosquitto mosquitto-clients");
        for (var i = 0; i < Users.Length; i++)
        {
            string[] create = i == 0 ? ["-c"] : [];
            var result = await ExternalCommand.RunAsync(tool, [.. create, "-b", path, Users[i], Password], TimeSpan.FromSeconds(30));
            Assert.True(result.Succeeded, result.ToString());
        }
    }
}
