using System.Text.Json;
using Gateway.Contracts.Json;

namespace Gateway.Protocols.Validation;

/// <summary>
/// The top-level values a <see cref="FieldTable"/> found in one payload, by field name: what a
/// profile reads out of a message its check accepted, without reading the message again. Each
/// reader answers null for a field that is absent, null or of another type.
/// </summary>
public readonly ref struct FieldValues
{
    private readonly FieldTable _table;
    private readonly ReadOnlySpan<byte> _payload;
    private readonly ReadOnlySpan<FieldValue> _found;

    internal FieldValues(FieldTable table, ReadOnlySpan<byte> payload, ReadOnlySpan<FieldValue> found)
    {
        _table = table;
        _payload = payload;
        _found = found;
    }

    public bool Has(string name) => Of(name).Token != JsonTokenType.None;

    public string? String(string name)
    {
        var value = Of(name);
        return value.Token == JsonTokenType.String ? Reader(value).GetString() : null;
    }

    public double? Number(string name)
    {
        var value = Of(name);
        return value.Token == JsonTokenType.Number && Reader(value).TryGetDouble(out var number) ? number : null;
    }

    public long? WholeNumber(string name)
    {
        var value = Of(name);
        return value.Token == JsonTokenType.Number && Reader(value).TryGetInt64(out var number) ? number : null;
    }

    public bool? Bool(string name) => Of(name).Token switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => null,
    };

    /// <summary>The value's JSON text as the payload has it; empty when absent.</summary>
    public ReadOnlySpan<byte> Text(string name) => Slice(Of(name));

    /// <summary>A copy of the value's JSON text, or null when absent.</summary>
    public RawJson? Raw(string name) => Has(name) ? new RawJson(Text(name).ToArray()) : null;

    /// <summary>The object itself, as the payload has it.</summary>
    public ReadOnlySpan<byte> Whole => _found.IsEmpty ? default : Slice(_found[^1]);

    private FieldValue Of(string name) => _found.IsEmpty ? default : _found[_table.IndexOf(name)];

    private ReadOnlySpan<byte> Slice(FieldValue value) => value.Token == JsonTokenType.None ? default : _payload.Slice(value.Start, value.Length);

    private Utf8JsonReader Reader(FieldValue value)
    {
        var reader = new Utf8JsonReader(Slice(value));
        reader.Read();
        return reader;
    }
}
