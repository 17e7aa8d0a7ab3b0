using Akka.Configuration;
using Gateway.Contracts.Messages;
using Gateway.Contracts.Serialization;
using Gateway.Host.Configuration;
using Gateway.Mqtt;
using Gateway.Protocols;
using Gateway.Tests.Serialization;
using Xunit;

namespace Gateway.Tests.Configuration;

/// <summary>
/// The payload limit as the host reads it: AWS IoT Core's 128 KiB for every family unless the
/// family sets its own, and the caps that must hold the largest of them (the embedded broker's
/// packet, a cluster's remoting frame) refused at start when they do not.
/// </summary>
public sealed class PayloadLimitConfigurationSpec(SerializationSystem serialization) : IClassFixture<SerializationSystem>
{
    private static readonly string HoconDir = Path.Combine(AppContext.BaseDirectory, "hocon");
    private static readonly string[] Cluster = ["--discovery", "config", "--contact-points", "127.0.0.1:8558,127.0.0.1:8559",
        "--persistence", "postgres", "--connection-string", "Host=127.0.0.1;Database=gateway;Username=gateway"];

    private static Config Load(params string[] args) => GatewayConfig.Load(CommandLine.Parse(args), HoconDir).Config;

    private static string File(string hocon)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("gateway-spec-").FullName, "limits.hocon");
        System.IO.File.WriteAllText(path, hocon);
        return path;
    }

    [Fact]
    public void Every_family_takes_128_KiB_unless_it_sets_its_own()
    {
        var shipped = Load();
        foreach (var kind in DeviceProfiles.Create(shipped).All.Select(p => p.Kind))
            Assert.Equal(new PayloadLimit(128 * 1024, "gateway.devices.max-payload-bytes"), PayloadLimit.For(shipped, kind));

        var own = Load("--config", File("gateway.families.esp32.max-payload-bytes = 160KiB"));
        Assert.Equal(new PayloadLimit(160 * 1024, "gateway.families.esp32.max-payload-bytes"), PayloadLimit.For(own, "esp32"));
        Assert.Equal(128 * 1024, PayloadLimit.For(own, "drone").MaxBytes);
        Assert.Equal(PayloadLimit.For(own, "esp32"), PayloadLimit.Largest(own));
    }

    [Theory]
    [InlineData("gateway.devices.max-payload-bytes = 0")]
    [InlineData("gateway.families.petal.max-payload-bytes = 3GiB")]
    public void A_limit_that_is_no_size_is_refused(string hocon) =>
        Assert.Throws<ConfigurationException>(() => PayloadLimit.Largest(Load("--config", File(hocon))));

    [Fact]
    public void The_embedded_brokers_packet_must_hold_the_largest_payload_with_a_topic()
    {
        var e = Assert.Throws<ArgumentException>(() => MqttTransportSettings.From(Load("--config", File("gateway.families.wardragon.max-payload-bytes = 256KiB"))));
        Assert.Contains("gateway.mqtt.limits.max-packet-bytes (262144)", e.Message);
        Assert.Contains("gateway.families.wardragon.max-payload-bytes (262144)", e.Message);

        // 64 KiB packets hold 63 KiB payloads with a topic of 256 bytes.
        MqttTransportSettings.From(Load("--config", File("gateway.mqtt.limits.max-packet-bytes = 64KiB\ngateway.devices.max-payload-bytes = 63KiB")));
        Assert.Throws<ArgumentException>(() => MqttTransportSettings.From(Load("--config", File("gateway.mqtt.limits.max-packet-bytes = 64KiB"))));
    }

    [Fact]
    public void A_clusters_frame_must_hold_the_largest_payload_between_nodes()
    {
        var external = "gateway.mqtt.mode = external\n";
        Load([.. Cluster, "--config", File(external)]);

        var e = Assert.Throws<ArgumentException>(() => Load([.. Cluster, "--config", File(external + "gateway.families.anc.max-payload-bytes = 400KiB")]));
        Assert.Contains("akka.remote.dot-netty.tcp.maximum-frame-size (524288)", e.Message);
        Assert.Contains("gateway.families.anc.max-payload-bytes", e.Message);
        Assert.Throws<ArgumentException>(() => Load([.. Cluster, "--config", File(external + "akka.remote.dot-netty.tcp.maximum-frame-size = 128000b")]));
    }

    [Fact]
    public void A_device_message_of_the_largest_shipped_payload_fits_the_shipped_frame()
    {
        var config = Load();
        var limit = PayloadLimit.Largest(config).MaxBytes;
        var input = new DeviceInput("anc/" + new string('t', 128), "telemetry", new string('/', 256), new byte[limit], DateTimeOffset.UtcNow, "system", AwaitsJournal: true);

        var bytes = serialization.Serializer<GatewaySerializer>(typeof(DeviceInput)).ToBinary(input).Length;

        // What the start-up check counts for it, the remoting envelope's few hundred bytes included, and what the shipped frame holds.
        var counted = 4L * ((limit + 2) / 3) + GatewayConfig.FrameOverheadBytes;
        Assert.True(bytes + 1024 <= counted, $"a device message of {limit} payload bytes is {bytes} bytes serialized; the check counts {counted}");
        Assert.True(counted <= Load([.. Cluster, "--config", File("gateway.mqtt.mode = external")]).GetByteSize(GatewayConfig.FrameSetting));
    }
}
