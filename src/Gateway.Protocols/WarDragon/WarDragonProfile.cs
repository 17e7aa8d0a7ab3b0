using System.Text.Json;
using Akka.Configuration;
using Gateway.Contracts;
using Gateway.Protocols.Extensions;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.WarDragon;

/// <summary>
/// WarDragon detection kits (<c>wardragon-kits.md</c>): each kit is one actor that registers
/// itself with its first message and owns what it sees (drone tracks, aircraft by ICAO, FPV
/// signals, each expiring after a configurable silence) and its health from wardragon/system.
/// Kits take no commands.
/// </summary>
public sealed class WarDragonProfile(TimeSpan trackExpiry) : IDeviceProfile
{
    public static WarDragonProfile From(Config family) => new(family.GetTimeSpan("track-expiry"));

    public string Kind => WarDragonTopics.Kind;

    public IReadOnlyList<string> TopicFilters => WarDragonTopics.Filters;

    public bool TryParseTopic(string topic, out TopicMatch match)
    {
        if (WarDragonTopics.TryParse(topic, out var channel, out var droneId))
        {
            match = new TopicMatch(null, channel, droneId);
            return true;
        }
        match = default;
        return false;
    }

    public bool TryReadPayloadKey(string channel, ReadOnlySpan<byte> payload, out DeviceKey key, out string reason)
    {
        key = default;
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (WarDragonPayloads.KitOf(doc.RootElement) is { } kit)
            {
                key = new DeviceKey(Kind, null, kit);
                reason = "";
                return true;
            }
            reason = "message names no kit: it needs seen_by or kit_id";
        }
        catch (JsonException e)
        {
            reason = $"payload is not valid JSON: {e.Message}";
        }
        return false;
    }

    public InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(payload);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return InputPlan.Reject($"payload is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (channel == WarDragonTopics.System)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                    return InputPlan.Reject("wardragon/system carries one JSON object");
                var kit = WarDragonPayloads.KitOf(doc.RootElement);
                return kit is not null && kit != key.Id ? InputPlan.Reject($"seen_by '{kit}' is not the kit '{key.Id}'") : InputPlan.Report();
            }
            return WarDragonPayloads.Check(key.Id, channel, doc.RootElement) is { } reason ? InputPlan.Reject(reason) : InputPlan.Extension();
        }
    }

    public IDeviceExtension CreateExtension(DeviceKey key) => new KitTracks(trackExpiry);
}
