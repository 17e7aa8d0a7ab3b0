using System.Text;
using System.Text.Json;
using Gateway.Devices.Journal;
using Gateway.Contracts.Json;

namespace Gateway.Devices.Shadow;

/// <summary>
/// One side of a shadow (reported or desired): top-level fields as raw JSON with the time each
/// was last written. Merging walks the payload once with <see cref="Utf8JsonReader"/>; field
/// names are looked up through a span, so a known field costs no string.
/// </summary>
public sealed class ShadowDocument
{
    private const int StackNameLimit = 128;
    private readonly Dictionary<string, ShadowField> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShadowField>.AlternateLookup<ReadOnlySpan<char>> _byName;

    public ShadowDocument() => _byName = _fields.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Merges a JSON object's top-level fields: a new value replaces the old, a null removes the
    /// field. Returns whether any value changed; an unchanged value still gets its time updated (and
    /// is named in <paramref name="touched"/>, so that the time is journaled too).
    /// A field already updated by a message received after <paramref name="at"/> keeps its value:
    /// with an external broker's shared subscription a device's consecutive messages are handed to
    /// different nodes, so they can reach the device actor out of order, and the receive time
    /// (taken where the broker delivered each one) is what puts them back in order.
    /// </summary>
    public bool Merge(ReadOnlySpan<byte> jsonObject, DateTimeOffset at, ISet<string>? touched = null)
    {
        var reader = new Utf8JsonReader(jsonObject);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A shadow is merged from a JSON object");
        var changed = false;
        Span<char> nameBuffer = stackalloc char[StackNameLimit];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ShadowField? field;
            string? name = null;
            var chars = 0;
            string? key = null;
            if (!reader.ValueIsEscaped && reader.ValueSpan.Length <= StackNameLimit)
            {
                chars = Encoding.UTF8.GetChars(reader.ValueSpan, nameBuffer);
                if (!_byName.TryGetValue(nameBuffer[..chars], out key, out field))
                    name = new string(nameBuffer[..chars]);
            }
            else
            {
                name = reader.GetString()!;
                _fields.TryGetValue(name, out field);
            }

            reader.Read();
            var start = (int)reader.TokenStartIndex;
            if (field is not null && field.UpdatedAt > at)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (field is not null)
                {
                    if (name is null)
                        _byName.Remove(nameBuffer[..chars]);
                    else
                        _fields.Remove(name);
                    changed = true;
                    touched?.Add(key ?? name!);
                }
                continue;
            }
            reader.Skip();
            var value = jsonObject[start..(int)reader.BytesConsumed];
            if (field is null)
            {
                _fields[name!] = new ShadowField(value.ToArray(), value.Length, at);
                changed = true;
                touched?.Add(name!);
            }
            else
            {
                if (!field.Json.SequenceEqual(value))
                {
                    field.Set(value);
                    changed = true;
                }
                // An unchanged value's new time is state too: it must reach the journal with the window.
                touched?.Add(key ?? name!);
                field.UpdatedAt = at;
            }
        }
        return changed;
    }

    /// <summary>Sets one field to a JSON value (a section of the document); true when the value changed. A newer value is kept, as in <see cref="Merge"/>.</summary>
    public bool Set(string name, ReadOnlySpan<byte> value, DateTimeOffset at)
    {
        if (_fields.TryGetValue(name, out var field))
        {
            if (field.UpdatedAt > at)
                return false;
            field.UpdatedAt = at;
            if (field.Json.SequenceEqual(value))
                return false;
            field.Set(value);
            return true;
        }
        _fields[name] = new ShadowField(value.ToArray(), value.Length, at);
        return true;
    }

    /// <summary>The named fields with their values and update times; a field no longer present has a null value.</summary>
    public IReadOnlyList<StoredShadowField> Snapshot(IEnumerable<string> names, DateTimeOffset removedAt) =>
        names.Select(name => _fields.TryGetValue(name, out var field)
            ? new StoredShadowField(name, new RawJson(field.Json.ToArray()), field.UpdatedAt)
            : new StoredShadowField(name, RawJson.Null, removedAt)).ToList();

    /// <summary>Restores fields as a snapshot holds them (a null value removes the field); true when a value changed.</summary>
    public bool Apply(IReadOnlyList<StoredShadowField> fields)
    {
        var changed = false;
        foreach (var f in fields)
            changed |= f.Value.IsNull ? _fields.Remove(f.Name) : Set(f.Name, f.Value.Span, f.UpdatedAt);
        return changed;
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, field) in _fields)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(field.Json, skipInputValidation: true);
        }
        writer.WriteEndObject();
    }

    public void WriteMetadataTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, field) in _fields)
        {
            writer.WriteStartObject(name);
            writer.WriteString("timestamp"u8, field.UpdatedAt);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes the fields of this (desired) document whose values differ from <paramref name="reported"/>.</summary>
    public void WriteDeltaTo(Utf8JsonWriter writer, ShadowDocument reported)
    {
        writer.WriteStartObject();
        foreach (var (name, field) in _fields)
        {
            if (reported._fields.TryGetValue(name, out var current) && SameValue(field.Json, current.Json))
                continue;
            writer.WritePropertyName(name);
            writer.WriteRawValue(field.Json, skipInputValidation: true);
        }
        writer.WriteEndObject();
    }

    // Byte equality is the fast answer; structural equality catches 1 vs 1.0 and reordered keys.
    private static bool SameValue(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.SequenceEqual(b))
            return true;
        using var left = JsonDocument.Parse(a.ToArray());
        using var right = JsonDocument.Parse(b.ToArray());
        try
        {
            return JsonElement.DeepEquals(left.RootElement, right.RootElement);
        }
        catch (ArgumentOutOfRangeException)
        {
            // DeepEquals throws for a number whose exponent does not fit an int (1e9012345678901234567890):
            // no document means such a number, so it equals nothing but its own bytes.
            return false;
        }
    }

    public IReadOnlyList<StoredShadowField> ToSnapshot() =>
        _fields.Select(f => new StoredShadowField(f.Key, new RawJson(f.Value.Json.ToArray()), f.Value.UpdatedAt)).ToList();

    public void Restore(IReadOnlyList<StoredShadowField> fields)
    {
        _fields.Clear();
        foreach (var f in fields)
            _fields[f.Name] = new ShadowField(f.Value.Utf8, f.Value.Span.Length, f.UpdatedAt);
    }
}
