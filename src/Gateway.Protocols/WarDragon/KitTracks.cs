using System.Text.Json;
using Gateway.Contracts.Json;
using Gateway.Protocols.Extensions;
using Gateway.Protocols.Outbound;

namespace Gateway.Protocols.WarDragon;

/// <summary>
/// What one kit sees: drone tracks by id, aircraft by ICAO and FPV signals by frequency, each
/// with its last payload, position and time. Entries not heard from for the expiry drop out.
/// Track updates are journaled without waiting (DragonSync sends them at QoS 0 anyway).
/// </summary>
public sealed class KitTracks(TimeSpan expiry) : IDeviceExtension
{
    private readonly Dictionary<string, Track> _drones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Track> _aircraft = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Track> _signals = new(StringComparer.Ordinal);

    public string ViewName => "tracks";

    public ExtensionStep Handle(string channel, string? section, ReadOnlySpan<byte> payload, DateTimeOffset at)
    {
        // The per-drone topic names the drone in the topic; the entry name keeps it for replay.
        var name = channel == WarDragonTopics.Drone ? $"{WarDragonTopics.Drone}/{section}" : channel;
        return ExtensionStep.Journal(new ExtensionRecorded(name, new RawJson(payload.ToArray()), at), waitForJournal: false);
    }

    public IReadOnlyList<MqttPublish> Apply(ExtensionRecorded entry, bool live)
    {
        using var doc = JsonDocument.Parse(entry.Payload.Utf8);
        var root = doc.RootElement;
        if (entry.Name.StartsWith(WarDragonTopics.Drone + "/", StringComparison.Ordinal))
            Upsert(_drones, entry.Name[(WarDragonTopics.Drone.Length + 1)..], root, "lat", "lon", entry.At);
        else
        {
            foreach (var item in WarDragonPayloads.Entries(root))
            {
                switch (entry.Name)
                {
                    case WarDragonTopics.Drones when item.TryGetProperty("id", out var id):
                        Upsert(_drones, id.GetString()!, item, "lat", "lon", entry.At);
                        break;
                    case WarDragonTopics.Aircraft when item.TryGetProperty("icao", out var icao):
                        Upsert(_aircraft, icao.GetString()!, item, "lat", "lon", entry.At);
                        break;
                    case WarDragonTopics.Signals when item.TryGetProperty("freq_mhz", out var freq):
                        Upsert(_signals, freq.GetRawText(), item, "sensor_lat", "sensor_lon", entry.At);
                        break;
                }
            }
        }
        return [];
    }

    private static void Upsert(Dictionary<string, Track> tracks, string id, JsonElement item, string lat, string lon, DateTimeOffset at)
    {
        double? Coordinate(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        var previous = tracks.GetValueOrDefault(id);
        tracks[id] = new Track(id, new RawJson(System.Text.Encoding.UTF8.GetBytes(item.GetRawText())),
            Coordinate(lat) ?? previous?.Latitude, Coordinate(lon) ?? previous?.Longitude, at);
    }

    public bool Tick(DateTimeOffset now)
    {
        var changed = false;
        foreach (var tracks in (ReadOnlySpan<Dictionary<string, Track>>)[_drones, _aircraft, _signals])
        {
            foreach (var (id, track) in tracks)
            {
                if (now - track.LastSeen < expiry)
                    continue;
                tracks.Remove(id);
                changed = true;
            }
        }
        return changed;
    }

    public void WriteView(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        Write(writer, "drones", _drones);
        Write(writer, "aircraft", _aircraft);
        Write(writer, "signals", _signals);
        writer.WriteNumber("expiry_seconds", expiry.TotalSeconds);
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, string name, Dictionary<string, Track> tracks)
    {
        writer.WriteStartArray(name);
        foreach (var track in tracks.Values.OrderByDescending(t => t.LastSeen))
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, track.Id);
            if (track.Latitude is { } lat)
                writer.WriteNumber("lat"u8, lat);
            if (track.Longitude is { } lon)
                writer.WriteNumber("lon"u8, lon);
            writer.WriteString("last_seen"u8, track.LastSeen);
            writer.WritePropertyName("last"u8);
            writer.WriteRawValue(track.Last.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    public RawJson Snapshot()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            WriteView(writer);
        return new RawJson(stream.ToArray());
    }

    public void Restore(RawJson snapshot)
    {
        _drones.Clear();
        _aircraft.Clear();
        _signals.Clear();
        using var doc = JsonDocument.Parse(snapshot.Utf8);
        Read(doc.RootElement, "drones", _drones);
        Read(doc.RootElement, "aircraft", _aircraft);
        Read(doc.RootElement, "signals", _signals);
    }

    private static void Read(JsonElement root, string name, Dictionary<string, Track> tracks)
    {
        foreach (var t in root.GetProperty(name).EnumerateArray())
        {
            double? Coordinate(string n) => t.TryGetProperty(n, out var v) ? v.GetDouble() : null;
            var id = t.GetProperty("id").GetString()!;
            tracks[id] = new Track(id, new RawJson(System.Text.Encoding.UTF8.GetBytes(t.GetProperty("last").GetRawText())),
                Coordinate("lat"), Coordinate("lon"), t.GetProperty("last_seen").GetDateTimeOffset());
        }
    }

    private sealed record Track(string Id, RawJson Last, double? Latitude, double? Longitude, DateTimeOffset LastSeen);
}
