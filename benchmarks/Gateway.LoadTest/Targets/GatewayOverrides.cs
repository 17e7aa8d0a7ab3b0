using System.Text;
using Gateway.LoadTest.Options;

namespace Gateway.LoadTest.Targets;

/// <summary>
/// The HOCON file handed to the embedded gateway with --config: short acknowledgement timeouts and
/// backoffs, so the commands devices ignore settle (timed out, after the family's attempts) within
/// the run instead of after the documents' 5 to 30 seconds; the state publish interval if asked;
/// and no per-client publish rate, because one connection of the tool carries many devices
/// (--devices-per-connection), which the broker's per-client limit is not meant for.
/// </summary>
public static class GatewayOverrides
{
    public static string Hocon(TimeSpan ackTimeout, TimeSpan? statePublishInterval)
    {
        var ack = Durations.Hocon(ackTimeout);
        var backoff = Durations.Hocon(ackTimeout / 2);
        var text = new StringBuilder();
        text.AppendLine("# Written by Gateway.LoadTest for one run.");
        text.AppendLine("gateway.mqtt.limits.publish-rate = 0");
        text.AppendLine($"gateway.commands {{ ack-timeout = {ack}, retry-backoff = {backoff} }}");
        foreach (var family in (string[])["drone", "esp32", "petal"])
            text.AppendLine($"gateway.families.{family}.commands {{ ack-timeout = {ack}, retry-backoff = {backoff} }}");
        if (statePublishInterval is { } interval)
            text.AppendLine($"gateway.devices.state-publish-interval = {Durations.Hocon(interval)}");
        return text.ToString();
    }
}
