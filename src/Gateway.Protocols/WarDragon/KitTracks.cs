using System.Text;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Contracts.Json;
using Gateway.Protocols.FamilyState;
using Gateway.Protocols.Outbound;
using Gateway.Protocols.Validation;

namespace Gateway.Protocols.WarDragon;

/// <summary>
/// What one kit sees: drone tracks by id, aircraft by ICAO and FPV signals by frequency, each
/// with its last payload, position and time. Entries not heard from for the expiry drop out.
/// The tracks read their own messages: each is checked and read in one pass
/// (<see cref="WarDragonFields"/>), and journaled without waiting (DragonSync sends at QoS 0 anyway).
/// </summary>
public sealed class KitTracks(DeviceKey kit, TimeSpan expiry) : IFamilyState
{
    private readonly Dictionary<string, Track> _drones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Track> _aircraft = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Track> _signals = new(StringComparer.Ordinal);
    private readonly DecidedEntry<List<Sighting>> _decided = new();
    private FieldValue[] _found = [];

    public string ViewName => "tracks";

    public FamilyStateStep Handle(string channel, string? section, ReadOnlySpan<byte> payload, DateTimeOffset at)
    {
        // The per-drone topic names the drone in the topic; the entry name keeps it for replay.
        var name = channel == WarDragonTopics.Drone ? $"{WarDragonTopics.Drone}/{section}" : channel;
        var sightings = Read(name, payload, out var reason);
        if (reason is not null)
            return FamilyStateStep.Reject(reason);
        var entry = new FamilyStateRecorded(name, new RawJson(payload.ToArray()), at);
        _decided.Keep(entry, sightings);
        return FamilyStateStep.Journal(entry, waitForJournal: false);
    }

    public IReadOnlyList<MqttPublish> Apply(FamilyStateRecorded entry, bool live)
    {
        // A recovered entry is read as it was when it came in; it passed then, so it is taken as it is.
        foreach (var sighting in _decided.Take(entry) ?? Read(entry.Name, entry.Payload.Span, out _))
        {
            var previous = sighting.Tracks.GetValueOrDefault(sighting.Id);
            sighting.Tracks[sighting.Id] = new Track(sighting.Id, sighting.Last,
                sighting.Latitude ?? previous?.Latitude, sighting.Longitude ?? previous?.Longitude, entry.At);
        }
        return [];
    }

    /// <summary>What a message of the named entry says was seen, and the reason it is refused, if it is.</summary>
    private List<Sighting> Read(string name, ReadOnlySpan<byte> payload, out string? reason)
    {
        var perDrone = name.StartsWith(WarDragonTopics.Drone + "/", StringComparison.Ordinal);
        var (table, tracks, id, lat, lon) = perDrone
            ? (WarDragonFields.Drone, _drones, null, "lat", "lon")
            : name switch
            {
                WarDragonTopics.Drones => (WarDragonFields.Drones, _drones, "id", "lat", "lon"),
                WarDragonTopics.Aircraft => (WarDragonFields.Aircraft, _aircraft, "icao", "lat", "lon"),
                WarDragonTopics.Signals => (WarDragonFields.Signals, _signals, "freq_mhz", "sensor_lat", "sensor_lon"),
                _ => throw new ArgumentException($"wardragon has no tracks on {name}", nameof(name)),
            };
        int entries;
        if (name == WarDragonTopics.Drones)
            reason = table.CheckList(payload, kit, ref _found, out entries);
        else
        {
            if (_found.Length < table.ValueCount)
                Array.Resize(ref _found, table.ValueCount);
            reason = table.Check(payload, kit, _found.AsSpan(0, table.ValueCount));
            entries = 1;
        }
        var sightings = new List<Sighting>(entries);
        for (var i = 0; i < entries; i++)
        {
            var values = table.Entry(payload, _found, i);
            // A signal is known by its frequency as the kit writes it.
            var trackId = perDrone ? name[(WarDragonTopics.Drone.Length + 1)..]
                : id == "freq_mhz" ? (values.Has(id) ? Encoding.UTF8.GetString(values.Text(id)) : null)
                : values.String(id!);
            if (trackId is not null)
                sightings.Add(new Sighting(tracks, trackId, new RawJson(values.Whole.ToArray()), values.Number(lat), values.Number(lon)));
        }
        return sightings;
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

    private sealed record Sighting(Dictionary<string, Track> Tracks, string Id, RawJson Last, double? Latitude, double? Longitude);

    private sealed record Track(string Id, RawJson Last, double? Latitude, double? Longitude, DateTimeOffset LastSeen);
}
