using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using Gateway.Protocols.Drone;
using Gateway.Protocols.Esp32;
using Gateway.Protocols.Routing;

namespace Gateway.Tests.Protocols;

/// <summary>
/// Valid documents generated from the fields the seed documents give a payload (the values they
/// allow, optional fields present or not, fields the documents do not name passing through), and
/// the documented rules one mutation breaks: a value out of its range, another device's id, a
/// required field missing, a value of the wrong type. Each rule names the field (its path) that a
/// refusal must name.
/// </summary>
public static class SeedDocuments
{
    /// <summary>One kind of payload on one topic: how to make valid ones, and rules to break.</summary>
    public sealed record Kind(string Name, string Topic, Gen<string> Valid, IReadOnlyList<Rule> Rules)
    {
        public TopicRoute Route { get; } = DeviceTopics.Seeded.Single(s => s.Topic == Topic).Route;

        public override string ToString() => Name;
    }

    /// <summary>A documented rule and the one change that breaks it: the field at <paramref name="Path"/> set to <paramref name="Value"/> (JSON text), or removed when null.</summary>
    public sealed record Rule(string Path, string? Value)
    {
        public string Break(string document)
        {
            var root = JsonNode.Parse(document)!.AsObject();
            var levels = Path.Split('.');
            var parent = root;
            foreach (var level in levels[..^1])
            {
                if (parent[level] is not JsonObject child)
                    parent[level] = child = new JsonObject();
                parent = child;
            }
            if (Value is null)
                parent.Remove(levels[^1]);
            else
                parent[levels[^1]] = JsonNode.Parse(Value);
            return root.ToJsonString();
        }

        public override string ToString() => Value is null ? $"{Path} removed" : $"{Path} = {Value}";
    }

    private static Gen<JsonNode?> Num(double min, double max) => Gen.Frequency(
        (3, Gen.Double[min, max].Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.Int[(int)Math.Ceiling(min), (int)Math.Floor(max)].Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.OneOf(min, max).Select(d => (JsonNode?)JsonValue.Create(d))));

    private static Gen<JsonNode?> Whole(int min, int max) => Gen.Int[min, max].Select(i => (JsonNode?)JsonValue.Create(i));

    private static Gen<JsonNode?> Text(params string[] values) => Gen.OneOf(values).Select(s => (JsonNode?)JsonValue.Create(s));

    private static readonly Gen<JsonNode?> Timestamp =
        Gen.Select(Gen.Int[0, 20 * 365 * 24 * 3600], Gen.OneOf("yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.fffZ", "yyyy-MM-ddTHH:mm:sszzz"))
            .Select((seconds, format) => (JsonNode?)JsonValue.Create(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds)
                .ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>A field the document does not name: passed through whatever it holds.</summary>
    private static readonly Gen<JsonNode?> Extra = WellFormedJson.Value(2).Select(text => JsonNode.Parse(text));

    /// <summary>An object of required fields, optional fields (present or not) and an unnamed one (present or not).</summary>
    private static Gen<string> Document(params (string Name, bool Required, Gen<JsonNode?> Value)[] fields) =>
        Node(fields).Select(node => node.ToJsonString());

    private static Gen<JsonObject> Node(params (string Name, bool Required, Gen<JsonNode?> Value)[] fields) =>
        Gen.Select(
                fields.Aggregate(Gen.Const(Array.Empty<(JsonNode? Value, bool Present)>()),
                    (all, f) => Gen.Select(all, f.Value, f.Required ? Gen.Const(true) : Gen.Bool).Select((a, v, present) => a.Append((v, present)).ToArray())),
                Extra, Gen.Int[0, 3])
            .Select((values, extra, withExtra) =>
            {
                var node = new JsonObject();
                for (var i = 0; i < fields.Length; i++)
                    if (values[i].Present)
                        node[fields[i].Name] = values[i].Value;
                if (withExtra == 0)
                    node["vendor_extra"] = extra;
                return node;
            });

    private static Gen<JsonNode?> Object(params (string Name, bool Required, Gen<JsonNode?> Value)[] fields) => Node(fields).Select(o => (JsonNode?)o);

    private static readonly Gen<JsonNode?> DroneLocation = Object(
        ("latitude", false, Num(-90, 90)), ("longitude", false, Num(-180, 180)), ("altitude", false, Num(0, 500)));

    private static readonly Rule[] DroneReadingRules =
    [
        new("battery", "101"), new("battery", "-1"), new("battery", "\"84\""),
        new("location.latitude", "91"), new("location.latitude", "-90.5"), new("location.longitude", "180.1"), new("location.latitude", "\"north\""),
        new("location", "\"Boston\""), new("status", "\"FLYING\""), new("status", "7"),
        new("drone_id", "\"Bravo-9\""), new("drone_id", "42"),
    ];

    public static readonly Kind DroneTelemetry = new("drone telemetry", "/drone/Alpha-3/telemetry", Document(
        ("drone_id", false, Text("Alpha-3")), ("mission_id", false, Text("M-20251201-001")), ("timestamp", false, Timestamp),
        ("location", false, DroneLocation), ("speed", false, Num(0, 40)), ("heading", false, Num(0, 360)),
        ("battery", false, Num(0, 100)), ("gps_satellites", false, Whole(0, 30)), ("status", false, Text(DroneStatusValues.Statuses)),
        ("ai_status", false, Object(("obstacles_detected", false, Whole(0, 9)), ("navigation_mode", false, Text("AUTONOMOUS", "MANUAL"))))),
        DroneReadingRules);

    public static readonly Kind DroneStatus = new("drone status", "drone/Alpha-3/status", Document(
        ("drone_id", false, Text("Alpha-3")), ("timestamp", false, Timestamp), ("status", false, Text(DroneStatusValues.Statuses)),
        ("location", false, DroneLocation), ("battery", false, Num(0, 100)), ("charging", false, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        ("total_missions", false, Whole(0, 1000)), ("hardware_health", false, Object(("motors", false, Text("OK", "FAULT"))))),
        DroneReadingRules);

    public static readonly Kind DroneEvents = new("drone events", "/drone/Alpha-3/events", Document(
        ("drone_id", false, Text("Alpha-3")), ("event", true, Text("AED_DEPLOYED", "LANDED", "LAUNCH_ACKNOWLEDGED", "MISSION_COMPLETE", "PERSON_DETECTED")),
        ("mission_id", false, Text("M-20251201-001")), ("command_id", false, Text("c-1")), ("timestamp", false, Timestamp)),
        [new("event", null), new("event", "\"\""), new("event", "5"), new("drone_id", "\"Bravo-9\"")]);

    public static readonly Kind Esp32Telemetry = new("esp32 telemetry", "devices/org-123/esp32-001/telemetry", Document(
        ("device_id", true, Text("esp32-001")), ("timestamp", true, Timestamp), ("organization_id", true, Text("org-123")),
        ("sensors", true, Object(("ph", true, Num(0, 14)), ("chlorine", true, Num(0, 10)), ("temperature", true, Num(-10, 60)),
            ("orp", false, Whole(-1000, 1000)), ("tds", false, Whole(0, 5000)), ("flow_rate", false, Num(0, 100)))),
        ("metadata", true, Object(("battery", false, Whole(0, 100)), ("signal_strength", false, Whole(-120, 0)), ("firmware_version", true, Text("1.0.0", "2.3.1"))))),
        [
            new("device_id", null), new("device_id", "\"esp32-999\""), new("organization_id", null), new("organization_id", "\"org-9\""),
            new("timestamp", null), new("timestamp", "\"yesterday\""), new("timestamp", "1738000000"),
            new("sensors", null), new("sensors", "[]"), new("sensors.ph", null), new("sensors.ph", "14.5"), new("sensors.ph", "\"7.2\""),
            new("sensors.chlorine", "-0.1"), new("sensors.temperature", null), new("sensors.orp", "650.5"), new("sensors.tds", "-1"),
            new("metadata", null), new("metadata.firmware_version", null), new("metadata.firmware_version", "100"),
            new("metadata.battery", "101"), new("metadata.battery", "85.5"),
        ]);

    public static readonly Kind Esp32Status = new("esp32 status", "devices/org-123/esp32-001/status", Document(
        ("device_id", false, Text("esp32-001")), ("organization_id", false, Text("org-123")), ("status", true, Text(Esp32InputValidator.Statuses)),
        ("battery", false, Whole(0, 100)), ("signal_strength", false, Whole(-120, 0)), ("firmware_version", true, Text("1.0.0")), ("timestamp", true, Timestamp)),
        [new("status", null), new("status", "\"sleeping\""), new("firmware_version", null), new("battery", "101"), new("timestamp", "\"soon\""), new("device_id", "\"esp32-999\"")]);

    public static readonly Kind PetalTelemetry = new("petal telemetry", "org/acme/device/robot-1/telemetry", Document(
        ("timestamp", false, Timestamp), ("sensors", false, Object(("temperature", false, Num(-20, 60)), ("humidity", false, Num(0, 100)))),
        ("system", false, Object(("cpu_usage", false, Num(0, 100)), ("battery_level", false, Num(0, 100)))),
        ("location", false, Object(("latitude", false, Num(-90, 90)), ("longitude", false, Num(-180, 180))))),
        [
            new("location.latitude", "91"), new("location.longitude", "-180.5"), new("location.latitude", "\"x\""), new("location", "1"),
            new("sensors", "\"warm\""), new("system", "[1]"), new("timestamp", "\"2025-13-45T99:00:00Z\""),
        ]);

    public static readonly Kind AncSystemTelemetry = new("anc system telemetry", "anc/telemetry/anc-device-001/system", Document(
        ("battery_level", false, Num(0, 100)), ("cpu_usage", false, Num(0, 100)), ("memory_usage", false, Num(0, 100)), ("temperature", false, Num(-20, 90))),
        [new("battery_level", "101"), new("cpu_usage", "-1"), new("memory_usage", "\"full\""), new("temperature", "true")]);

    public static readonly IReadOnlyList<Kind> All = [DroneTelemetry, DroneStatus, DroneEvents, Esp32Telemetry, Esp32Status, PetalTelemetry, AncSystemTelemetry];

    /// <summary>A valid document of some kind.</summary>
    public static readonly Gen<(Kind Kind, string Document)> Valid = Gen.OneOf([.. All]).SelectMany(kind => kind.Valid.Select(d => (kind, d)));

    /// <summary>A valid document of some kind with one of its kind's rules broken.</summary>
    public static readonly Gen<(Kind Kind, string Document, Rule Rule)> Broken =
        Gen.OneOf([.. All]).SelectMany(kind => Gen.Select(kind.Valid, Gen.OneOf([.. kind.Rules])).Select((d, rule) => (kind, rule.Break(d), rule)));
}
