using System.Numerics;
using System.Text;
using System.Text.Json;
using Gateway.Contracts;

namespace Gateway.Protocols.Validation;

/// <summary>
/// The fields of one JSON object (<see cref="FieldSpec"/>), checked in one forward pass of a
/// <see cref="Utf8JsonReader"/> over the payload: no DOM, no strings, nothing allocated unless
/// the payload is refused. Unknown fields pass, <c>null</c> counts as absent, and the reasons
/// are worded as <see cref="JsonChecks"/> words them. When a payload has several defects the
/// reason is the one JsonChecks would give first: the first field in table order, not in
/// payload order, and invalid JSON anywhere before any field.
/// </summary>
public sealed class FieldTable
{
    // A defect's rank is its field's position at each level of nesting, 7 bits a level from the
    // top, so comparing two ranks compares table order; the lowest one found is reported.
    private const int BitsPerLevel = 7;
    private const int MaxDepth = 64 / BitsPerLevel - 1;
    private const int MaxFields = 64; // the width of the seen-fields mask

    private readonly Field[] _fields;
    private readonly ulong _required;
    private readonly int _shift;

    public FieldTable(params IReadOnlyList<FieldSpec> fields) : this(fields, "", 0)
    {
    }

    private FieldTable(IReadOnlyList<FieldSpec> fields, string pathPrefix, int depth)
    {
        if (fields.Count > MaxFields)
            throw new ArgumentException($"a field table holds at most {MaxFields} fields", nameof(fields));
        if (depth > MaxDepth)
            throw new ArgumentException($"field tables nest at most {MaxDepth} levels deep", nameof(fields));
        _shift = 64 - BitsPerLevel * (depth + 1);
        _fields = new Field[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var spec = fields[i];
            var path = pathPrefix + spec.Name;
            _fields[i] = new Field(
                spec,
                Encoding.UTF8.GetBytes(spec.Name),
                path,
                spec.Kind == FieldKind.Object && spec.Fields.Count > 0 ? new FieldTable(spec.Fields, path + ".", depth + 1) : null,
                [.. spec.Values.Select(Encoding.UTF8.GetBytes)],
                spec.Kind == FieldKind.OneOf ? $"must be one of {string.Join(", ", spec.Values)}" : "");
            if (spec.Required)
                _required |= 1UL << i;
        }
    }

    /// <summary>
    /// Null when <paramref name="payload"/> is one JSON object whose fields meet the table, else
    /// the reason it is refused. <paramref name="key"/> is the device the topic names.
    /// </summary>
    public string? Check(ReadOnlySpan<byte> payload, in DeviceKey key)
    {
        var reader = new Utf8JsonReader(payload);
        var defect = new Defect(ulong.MaxValue, null);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return ShapeReason(payload);
            CheckObject(ref reader, key, 0, ref defect);
            if (reader.Read())
                return ShapeReason(payload);
        }
        catch (JsonException)
        {
            return ShapeReason(payload);
        }
        return defect.Reason;
    }

    private void CheckObject(ref Utf8JsonReader reader, in DeviceKey key, ulong rankBase, ref Defect defect)
    {
        var seen = 0UL;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = IndexOf(ref reader);
            reader.Read();
            if (index >= 0 && reader.TokenType != JsonTokenType.Null)
            {
                seen |= 1UL << index;
                var rank = rankBase | ((ulong)(index + 1) << _shift);
                var field = _fields[index];
                if (CheckValue(ref reader, field, key, rank, ref defect) is { } message && rank < defect.Rank)
                    defect = new Defect(rank, $"{field.Path} {message}");
            }
            // Leaves a value the table does not look into (or one of the wrong type) behind.
            reader.Skip();
        }
        var missing = _required & ~seen;
        if (missing == 0)
            return;
        var first = BitOperations.TrailingZeroCount(missing);
        var missingRank = rankBase | ((ulong)(first + 1) << _shift);
        if (missingRank < defect.Rank)
            defect = new Defect(missingRank, $"{_fields[first].Path} is required");
    }

    private int IndexOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _fields.Length; i++)
            if (reader.ValueTextEquals(_fields[i].Utf8Name))
                return i;
        return -1;
    }

    /// <summary>What is wrong with the value the reader is on, or null; a nested object is read to its end.</summary>
    private static string? CheckValue(ref Utf8JsonReader reader, Field field, in DeviceKey key, ulong rank, ref Defect defect)
    {
        var spec = field.Spec;
        var token = reader.TokenType;
        switch (spec.Kind)
        {
            case FieldKind.String:
                return token == JsonTokenType.String ? null : "must be a string";
            case FieldKind.OneOf:
                if (token != JsonTokenType.String)
                    return "must be a string";
                foreach (var value in field.Utf8Values)
                    if (reader.ValueTextEquals(value))
                        return null;
                return field.OneOfMessage;
            case FieldKind.Number:
                // A literal that overflows reads as an infinity and fails the range, as in JsonChecks;
                // TryGetDouble only keeps a value it cannot read from throwing out of Interpret.
                if (token != JsonTokenType.Number || !reader.TryGetDouble(out var number))
                    return "must be a number";
                return number < spec.Min || number > spec.Max ? $"must be from {spec.Min} to {spec.Max}" : null;
            case FieldKind.WholeNumber:
                if (token != JsonTokenType.Number || !reader.TryGetInt64(out var whole))
                    return "must be a whole number";
                return whole < spec.WholeMin || whole > spec.WholeMax ? $"must be from {spec.WholeMin} to {spec.WholeMax}" : null;
            case FieldKind.Bool:
                return token is JsonTokenType.True or JsonTokenType.False ? null : "must be true or false";
            case FieldKind.Timestamp:
                return token == JsonTokenType.String && reader.TryGetDateTimeOffset(out _)
                    ? null
                    : "must be an ISO 8601 time, e.g. 2025-01-27T10:00:00Z";
            case FieldKind.Object:
                if (token != JsonTokenType.StartObject)
                    return "must be an object";
                field.Nested?.CheckObject(ref reader, key, rank, ref defect);
                return null;
            case FieldKind.MatchesTopic:
                if (token != JsonTokenType.String)
                    return "must be a string";
                var (expected, noun) = spec.Topic == TopicPart.Organization ? (key.Org, "organization") : (key.Id, "device");
                return expected is not null && reader.ValueTextEquals(expected)
                    ? null
                    : $"'{reader.GetString()}' does not match the topic's {noun} '{expected}'";
            default:
                throw new InvalidOperationException($"field kind {spec.Kind} has no check");
        }
    }

    /// <summary>
    /// The reason for a payload that is not one JSON object, worded by the DOM parse the other
    /// messages still go through so that a device sees the same reason on every topic; only
    /// such payloads pay for the DOM.
    /// </summary>
    private static string ShapeReason(ReadOnlySpan<byte> payload)
    {
        if (!JsonChecks.TryParseObject(payload, out var document, out var reason))
            return reason;
        // The reader refused what the DOM accepts: both read with the same default options, so
        // this is not expected, and the payload is refused rather than let through unchecked.
        document.Dispose();
        return "payload is not a JSON object";
    }

    private readonly record struct Defect(ulong Rank, string? Reason);

    private sealed record Field(FieldSpec Spec, byte[] Utf8Name, string Path, FieldTable? Nested, byte[][] Utf8Values, string OneOfMessage);
}
