using Gateway.Devices.Actors;
using Gateway.Protocols.WarDragon;

namespace Gateway.Devices.Listing;

/// <summary>
/// The device directory's read model: every device the journal shows, with when it was last heard
/// from and a WarDragon kit's last data, kept in (kind, org, id) order for paging. It changes only
/// through journaled entries (<see cref="Apply"/>), and applying is idempotent and, but for two
/// kit messages with the same receive time, order-free: last seen only moves forward and a kit's
/// newest data wins. So the one-time backfill, the live tagged streams and the events replayed
/// after a restart from the stored offsets may overlap and interleave without changing the result.
/// Online is worked out when asked, from last seen and <c>gateway.devices.offline-after</c>.
/// </summary>
public sealed class DeviceDirectory(DeviceProfiles profiles, TimeSpan offlineAfter)
{
    private readonly SortedDictionary<DeviceKey, DirectoryEntry> _devices = new(DirectoryOrder.Instance);

    public int Count => _devices.Count;

    /// <summary>Whether <paramref name="persistenceId"/> is a device of a family this gateway runs.</summary>
    public bool IsDevice(string persistenceId) => TryDevice(persistenceId, out _);

    /// <summary>
    /// Applies one journaled entry of <paramref name="persistenceId"/>. Any entry makes a device
    /// known, as any entry makes its view exist; entries the device sent move its last seen, as
    /// they did its view's. False when the persistence id is no device of a known family.
    /// </summary>
    public bool Apply(string persistenceId, object entry)
    {
        if (!TryDevice(persistenceId, out var key))
            return false;
        if (!_devices.TryGetValue(key, out var device))
            _devices[key] = device = new DirectoryEntry(key);
        var kit = key.Kind == WarDragonTopics.Kind;
        switch (entry)
        {
            case ReportedMerged e:
                device.Heard(e.At);
                if (kit)
                    device.Sent(new KitData(e.Fields is null ? e.Channel : WarDragonTopics.System, e.At, e.Fields is { } fields ? AsObject(fields) : e.Payload));
                break;
            case DeviceEventRecorded e:
                device.Heard(e.At);
                break;
            case TranscriptRecorded e:
                device.Heard(e.At);
                break;
            case FamilyStateRecorded e when profiles.Get(key.Kind).IsHeardIn(e):
                device.Heard(e.At);
                if (kit)
                    device.Sent(new KitData(e.Name, e.At, e.Payload));
                break;
        }
        return true;
    }

    /// <summary>One page of the devices that match every filter set, as of <paramref name="now"/>.</summary>
    public DirectoryPage Query(GetDirectory query, DateTimeOffset now)
    {
        var skip = (long)(query.Page - 1) * query.PageSize;
        var page = new List<DirectoryDevice>(Math.Min(query.PageSize, _devices.Count));
        var total = 0;
        foreach (var (key, device) in _devices)
        {
            if ((query.Kind is not null && key.Kind != query.Kind) || (query.Org is not null && key.Org != query.Org))
                continue;
            var online = device.IsOnline(now, offlineAfter);
            if (query.Online is { } wanted && wanted != online)
                continue;
            if (total >= skip && page.Count < query.PageSize)
                page.Add(device.ToView(online, key.Kind == WarDragonTopics.Kind));
            total++;
        }
        return new DirectoryPage(page, query.Page, query.PageSize, total, (total + query.PageSize - 1) / query.PageSize);
    }

    public IReadOnlyList<DirectoryRow> ToRows() => _devices.Values.Select(d => d.ToRow()).ToList();

    /// <summary>Replaces what the directory holds with a snapshot's rows (those of families no longer run are left out).</summary>
    public void Restore(IEnumerable<DirectoryRow> rows)
    {
        _devices.Clear();
        foreach (var row in rows)
            if (TryKey(row.EntityId, out var key))
                _devices[key] = DirectoryEntry.FromRow(key, row);
    }

    private bool TryDevice(string persistenceId, out DeviceKey key)
    {
        key = default;
        return persistenceId.StartsWith(DeviceActor.PersistenceIdPrefix, StringComparison.Ordinal)
            && TryKey(DeviceActor.EntityIdOf(persistenceId), out key);
    }

    /// <summary>The key of <paramref name="entityId"/> when it names a device of a family this gateway runs.</summary>
    private bool TryKey(string entityId, out DeviceKey key) =>
        DeviceKey.TryParse(entityId, out key) && profiles.TryGet(key.Kind, out var profile) && profile.HasOrg == key.Org is not null;

    /// <summary>A coalesced window's fields as the object they were merged from (a removed field is null).</summary>
    private static RawJson AsObject(IReadOnlyList<StoredShadowField> fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in fields)
            {
                writer.WritePropertyName(field.Name);
                writer.WriteRawValue(field.Value.Span, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        return new RawJson(buffer.WrittenSpan.ToArray());
    }
}
