using Akka.Configuration;
using Gateway.Contracts;
using Gateway.Protocols.FamilyState;
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
        Span<FieldValue> found = stackalloc FieldValue[WarDragonFields.Kit.ValueCount];
        if (WarDragonFields.Kit.Peek(payload, found) is { } shape)
        {
            reason = shape;
            return false;
        }
        var values = WarDragonFields.Kit.Values(payload, found);
        if ((KitName(values, "seen_by") ?? KitName(values, "kit_id")) is { } kit)
        {
            key = new DeviceKey(Kind, null, kit);
            reason = "";
            return true;
        }
        reason = "message names no kit: it needs seen_by or kit_id";
        return false;
    }

    /// <summary>
    /// A kit's name is text (the payload's UTF-8 is checked once, by the kit, so a message whose
    /// other bytes are not reaches its kit and is refused there) and one topic level of the gateway's own topics.
    /// </summary>
    private static string? KitName(FieldValues values, string field) =>
        JsonStrings.Undecodable(values.Text(field)) is null && values.String(field) is { } name && TopicLevel.IsValid(name) ? name : null;

    /// <summary>The system message is the kit's reported state; the others are its tracks', which read them in full (<see cref="KitTracks"/>).</summary>
    public InputPlan Interpret(DeviceKey key, string channel, string? section, ReadOnlySpan<byte> payload)
    {
        if (channel != WarDragonTopics.System)
            return InputPlan.FamilyState();
        return WarDragonFields.System.Check(payload, key) is { } reason ? InputPlan.Reject(reason) : InputPlan.Report();
    }

    public IFamilyState CreateFamilyState(DeviceKey key) => new KitTracks(key, trackExpiry);
}
