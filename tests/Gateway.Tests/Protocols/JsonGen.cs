using System.Globalization;
using System.Text;
using CsCheck;

namespace Gateway.Tests.Protocols;

/// <summary>
/// Hostile JSON for the no-exception properties: the field names the seed documents use (so a
/// payload reaches deep into each family's checks), values of every type in every field,
/// escapes (lone surrogates among them), numbers beyond a double or a long, deep nesting,
/// duplicate names; then the same text cut short or with bytes flipped, and plain noise.
/// </summary>
public static class JsonGen
{
    /// <summary>Every field name the five documents give their payloads, commands and shadows.</summary>
    public static readonly string[] Names =
    [
        "drone_id", "mission_id", "timestamp", "location", "latitude", "longitude", "altitude", "battery", "status",
        "event", "command_id", "text", "speaker", "language", "command", "destination", "waypoints", "priority",
        "return_to_base", "voice_ai_enabled", "abort_mode", "reason", "interrupt", "expected_ack_timeout",
        "organization_id", "device_id", "sensors", "ph", "chlorine", "temperature", "orp", "tds", "flow_rate",
        "metadata", "signal_strength", "firmware_version", "success", "response", "error", "severity", "message",
        "sensor", "value", "threshold", "parameters", "pump_id", "state", "duration", "target_ph", "target_chlorine",
        "sensor_type", "telemetry_interval", "mqtt_keepalive", "sensor_calibration", "alert_thresholds",
        "seen_by", "kit_id", "id", "lat", "lon", "alt", "icao", "freq_mhz", "sensor_lat", "sensor_lon",
        "is_emergency", "predicted_class", "confidence", "action", "latency_ms", "noise_type", "rms",
        "battery_level", "cpu_usage", "memory_usage", "messageId", "result", "system",
        "clientToken", "version", "desired", "reported", "delta",
    ];

    /// <summary>Strings a check compares against: ids the properties route to, enumerations, command names.</summary>
    private static readonly string[] Words =
    [
        "Alpha-3", "org-123", "esp32-001", "acme", "robot-1", "anc-device-001", "wardragon-abc123", "kit-7",
        "LAUNCH", "ABORT", "RETURN_TO_BASE", "EMERGENCY_LAND", "UPDATE_ROUTE", "VOICE_SPEAK", "VOICE_MUTE", "VOICE_UNMUTE",
        "LAUNCH_ACKNOWLEDGED", "AED_DEPLOYED", "READY", "IN_FLIGHT", "DRONE", "en", "success", "error",
        "set_pump", "set_ph_target", "set_chlorine_target", "reboot", "reset_config", "calibrate_sensor",
        "on", "off", "ph", "online", "critical", "2025-01-27T10:00:00Z", "2025-13-45T99:00:00Z", "",
    ];

    /// <summary>String contents as JSON text: plain, non-ASCII, escaped, and escapes no UTF-16 string can hold.</summary>
    private static readonly Gen<string> StringBody = Gen.Frequency(
        (6, Gen.OneOf(Words)),
        (2, Gen.OneOf(Names)),
        (2, Gen.String[0, 12].Select(Escape)),
        (1, Gen.OneOf(@"\ud800", @"\udc00x", @"a\ud83d", @"\u0000", @"\/\b\f\n\r\t\""", "é中𝄞", @"\u00e9", "+", "#", "a/b", "$aws")),
        (1, Gen.Int[65, 300].Select(n => new string('x', n))));

    private static readonly Gen<string> Number = Gen.Frequency(
        (4, Gen.Int[-200, 200].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (3, Gen.Double[-1000, 1000].Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("0", "-0", "1e400", "-1e400", "1E-400", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890", "0.1e1", "1.0", "65535", "65536", "3600", "14.0000001", "-90.5", "180.1", "4.9e-324")),
        (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))));

    private static Gen<string> Value(int depth) => depth <= 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (2, Object(depth - 1)),
            (1, Gen.Frequency((3, Object(depth - 1)), (1, Scalar)).Array[0, 4].Select(items => $"[{string.Join(",", items)}]")));

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, StringBody.Select(s => $"\"{s}\"")),
        (4, Number),
        (1, Gen.OneOf("true", "false", "null")));

    private static Gen<string> Object(int depth) =>
        Gen.Select(Gen.Frequency((8, Gen.OneOf(Names)), (1, StringBody)), Value(depth))
            .Array[0, 7]
            .Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}");

    /// <summary>Text nested far beyond any document and beyond the JSON reader's default limit of 64.</summary>
    private static readonly Gen<string> Deep = Gen.Select(Gen.Int[1, 140], Gen.OneOf("{\"a\":", "{\"state\":", "[", "{\"desired\":"))
        .Select((n, open) => string.Concat(Enumerable.Repeat(open, n)) + "1" + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", n)));

    /// <summary>A JSON document of the seed documents' vocabulary, mostly an object.</summary>
    public static readonly Gen<string> Document = Gen.Frequency(
        (10, Object(3)),
        (1, Value(2)),
        (1, Deep.Select(d => "{\"state\":{\"reported\":" + (d.StartsWith('[') ? "{\"a\":" + d + "}" : d) + "}}")),
        (1, Deep));

    /// <summary>Payload bytes: documents, documents broken (cut short, a byte changed), and noise.</summary>
    public static readonly Gen<byte[]> Payload = Gen.Frequency(
        (8, Document.Select(Encoding.UTF8.GetBytes)),
        (2, Gen.Select(Document, Gen.Int[0, int.MaxValue]).Select((d, cut) => Encoding.UTF8.GetBytes(d)[..(cut % (d.Length + 1))])),
        (2, Gen.Select(Document, Gen.Int[0, int.MaxValue], Gen.Byte).Select((d, at, b) => Flip(Encoding.UTF8.GetBytes(d), at, b))),
        (1, Gen.Byte.Array[0, 64]));

    private static byte[] Flip(byte[] bytes, int at, byte value)
    {
        if (bytes.Length > 0)
            bytes[at % bytes.Length] = value;
        return bytes;
    }

    private static string Escape(string s)
    {
        var b = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '"' or '\\' || c < ' ' || char.IsSurrogate(c))
                b.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else
                b.Append(c);
        }
        return b.ToString();
    }
}
