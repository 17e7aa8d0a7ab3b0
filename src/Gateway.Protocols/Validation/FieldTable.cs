using System.Numerics;
using System.Text;
using System.Text.Json;
using Gateway.Contracts;
using Gateway.Contracts.Messages;

namespace Gateway.Protocols.Validation;

/// <summary>
/// The gateway's one way to check JSON: the fields of one JSON object (<see cref="FieldSpec"/>),
/// checked in one forward pass of a <see cref="Utf8JsonReader"/> over the payload, with no DOM
/// and nothing allocated unless the payload is refused. Device payloads get their first defect
/// (<see cref="Check"/>, <see cref="CheckList"/> for a list of objects); commands and desired
/// states get every defect (<see cref="CheckAll"/>), also where a command's fields depend on its
/// name (<see cref="Variants"/>). The same pass notes where each top-level value lies, so the
/// caller reads what it needs (<see cref="FieldValues"/>) without reading the payload again.
/// Unknown fields pass unless the object is closed, <c>null</c> counts as absent, and every
/// message is worded by <see cref="FieldMessages"/>. Defects are ordered by the table, not by the
/// payload: the first is at the first field in table order, and invalid JSON anywhere comes first.
/// </summary>
public sealed class FieldTable
{
    // A defect's rank is its field's position at each level of nesting, 7 bits a level from the
    // top, so comparing two ranks compares table order; the lowest one found is reported.
    private const int BitsPerLevel = 7;
    private const int MaxDepth = 64 / BitsPerLevel - 1;
    private const int MaxFields = 64; // the width of the seen-fields mask
    private const int MaxVariants = 63;

    // A field applies to the variants whose bits it carries. A message whose discriminator is
    // missing or unknown is checked against the common fields alone, which carry this bit too.
    private const ulong UnknownVariant = 1UL << MaxVariants;
    private const ulong EveryVariant = ulong.MaxValue;

    /// <summary>
    /// How deep a payload, a command or a desired state may nest: far deeper than any of the five
    /// documents (three levels), and shallow enough that what carries it (the shadow view, a journal
    /// entry, a snapshot: a few levels more) stays within System.Text.Json's default of 64. At 64
    /// here a device's 64-level payload was accepted and then its view could not be written and its
    /// journal entries could not be read back, so the device never recovered.
    /// </summary>
    public const int MaxPayloadDepth = 32;

    private static readonly JsonReaderOptions Reading = new() { MaxDepth = MaxPayloadDepth };

    private readonly Field[] _fields;
    private readonly ulong _required;
    private readonly ulong _every;
    private readonly int _shift;
    private readonly string _pathPrefix;
    private readonly bool _closed;
    private readonly string _unknown;
    private readonly bool _hasVariants;

    /// <summary>The check that a payload is one JSON object, for payloads whose fields are free.</summary>
    public static FieldTable AnyObject { get; } = new();

    public FieldTable(params IReadOnlyList<FieldSpec> fields) : this(fields, [], closed: false, "", 0, inList: false)
    {
    }

    /// <summary>A table whose object has no fields but these: any other is a defect.</summary>
    public static FieldTable Closed(params IReadOnlyList<FieldSpec> fields) => new(fields, [], closed: true, "", 0, inList: false);

    /// <summary>
    /// A message whose fields depend on the string value of one of them (a command's name): the
    /// discriminator, required and one of the variants' values, the fields every variant has, and
    /// each variant's own. A message with no known discriminator is checked against the common fields.
    /// </summary>
    public static FieldTable Variants(string discriminator, IReadOnlyList<FieldSpec> common, params IReadOnlyList<FieldVariant> variants)
    {
        if (variants.Count > MaxVariants)
            throw new ArgumentException($"a field table has at most {MaxVariants} variants", nameof(variants));
        List<FieldSpec> specs = [FieldSpec.OneOf(discriminator, required: true, [.. variants.Select(v => v.Value)])];
        List<ulong> masks = [EveryVariant];
        foreach (var spec in common)
        {
            specs.Add(spec);
            var mask = EveryVariant;
            for (var v = 0; v < variants.Count; v++)
                if (variants[v].Fields.Any(f => f.Name == spec.Name))
                    mask &= ~(1UL << v);
            masks.Add(mask);
        }
        for (var v = 0; v < variants.Count; v++)
        {
            foreach (var spec in variants[v].Fields)
            {
                specs.Add(spec);
                masks.Add(1UL << v);
            }
        }
        return new FieldTable(specs, masks, closed: false, "", 0, inList: false);
    }

    private FieldTable(IReadOnlyList<FieldSpec> fields, IReadOnlyList<ulong> variants, bool closed, string pathPrefix, int depth, bool inList)
    {
        if (fields.Count > MaxFields)
            throw new ArgumentException($"a field table holds at most {MaxFields} fields", nameof(fields));
        if (depth > MaxDepth)
            throw new ArgumentException($"field tables nest at most {MaxDepth} levels deep", nameof(fields));
        _shift = 64 - BitsPerLevel * (depth + 1);
        _pathPrefix = pathPrefix;
        _closed = closed;
        _unknown = closed ? FieldMessages.Unknown([.. fields.Select(f => f.Name)]) : "";
        _hasVariants = variants.Count > 0;
        _every = fields.Count == MaxFields ? ulong.MaxValue : (1UL << fields.Count) - 1;
        _fields = new Field[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var spec = fields[i];
            // A defect's path names one element index, so lists do not nest in lists.
            if (spec.Kind == FieldKind.List && inList)
                throw new ArgumentException($"{pathPrefix}{spec.Name}: a list inside a list is not supported", nameof(fields));
            var path = pathPrefix + spec.Name;
            var nested = spec.Kind is FieldKind.Object or FieldKind.List && (spec.Fields.Count > 0 || spec.Closed)
                ? new FieldTable(spec.Fields, [], spec.Closed, spec.Kind == FieldKind.List ? path + "[]." : path + ".", depth + 1, inList || spec.Kind == FieldKind.List)
                : null;
            var invalid = spec.Kind switch
            {
                FieldKind.OneOf => FieldMessages.NotOneOf(spec.Values),
                FieldKind.Number or FieldKind.WholeNumber when spec.Min is not null || spec.Max is not null => FieldMessages.OutOfRange(spec.Min, spec.Max),
                _ => "",
            };
            _fields[i] = new Field(spec, Encoding.UTF8.GetBytes(spec.Name), path, nested, [.. spec.Values.Select(Encoding.UTF8.GetBytes)],
                invalid, _hasVariants ? variants[i] : EveryVariant, NextSameName: -1);
            if (spec.Required)
                _required |= 1UL << i;
        }
        LinkSameNames();
    }

    /// <summary>Variants may each have a field of the same name; a value is checked against every one of them.</summary>
    private void LinkSameNames()
    {
        for (var i = 0; i < _fields.Length; i++)
        {
            for (var j = i + 1; j < _fields.Length; j++)
            {
                if (_fields[j].Spec.Name != _fields[i].Spec.Name)
                    continue;
                if ((_fields[i].Variants & _fields[j].Variants) != 0)
                    throw new ArgumentException($"field {_fields[j].Path} is in the table twice");
                _fields[i] = _fields[i] with { NextSameName = j };
                break;
            }
        }
    }

    /// <summary>How many values a check finds: one per field, then the object itself.</summary>
    public int ValueCount => _fields.Length + 1;

    /// <summary>
    /// Null when <paramref name="payload"/> is one JSON object whose fields meet the table, else the
    /// reason it is refused (its first defect). <paramref name="key"/> is the device it is for;
    /// <paramref name="found"/>, when given (<see cref="ValueCount"/> long), receives where each value lies.
    /// </summary>
    public string? Check(ReadOnlySpan<byte> payload, in DeviceKey key, Span<FieldValue> found = default)
    {
        RequireNoVariants();
        var defects = new Defects(all: false);
        return ReadObject(payload, key, found, ref defects) ?? defects.Reason;
    }

    /// <summary>Every defect of <paramref name="payload"/>, each naming its field (<c>$</c> for the payload); empty when it meets the table.</summary>
    public IReadOnlyList<FieldError> CheckAll(ReadOnlySpan<byte> payload, in DeviceKey key, Span<FieldValue> found = default)
    {
        var defects = new Defects(all: true);
        return ReadObject(payload, key, found, ref defects) is { } shape ? [new FieldError(FieldMessages.Payload, shape)] : defects.Errors();
    }

    /// <summary>
    /// <see cref="Check"/> for a payload that is one object or a list of them: the first defect,
    /// its entry named by index (<c>[1].id is required</c>). Each entry's values go into
    /// <paramref name="found"/>, which grows as needed (<see cref="Entry"/> reads them).
    /// </summary>
    public string? CheckList(ReadOnlySpan<byte> payload, in DeviceKey key, ref FieldValue[] found, out int entries)
    {
        RequireNoVariants();
        entries = 0;
        if (JsonStrings.Undecodable(payload) is { } undecodable)
            return undecodable;
        var reader = new Utf8JsonReader(payload, Reading);
        try
        {
            if (!Starts(ref reader, list: true))
                return FieldMessages.PayloadNotObjectOrList;
            string? reason = null;
            if (reader.TokenType == JsonTokenType.StartObject)
                reason = CheckEntry(ref reader, key, Slot(ref found, entries++).Span);
            else
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var slot = Slot(ref found, entries).Span;
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reason ??= $"[{entries}] {FieldMessages.NotObject}";
                        reader.Skip();
                    }
                    else if (CheckEntry(ref reader, key, slot) is { } defect)
                        reason ??= $"[{entries}].{defect}";
                    entries++;
                }
            }
            reader.Read(); // throws on content after the value
            return reason;
        }
        catch (JsonException e)
        {
            entries = 0;
            return FieldMessages.PayloadNotJson(e);
        }
    }

    /// <summary>
    /// Where the table's fields lie in a payload's first object (the payload, or the first entry
    /// of a list), read no further than needed and checking nothing, its text included: how a
    /// message that names its device in its payload is routed before that device reads it in full
    /// and checks it, its UTF-8 once. Null unless the payload is not JSON, or neither an object nor
    /// a list, as far as it was read, or a name read escapes half a surrogate pair. A string read
    /// from what it found must be decodable first (<see cref="JsonStrings.Undecodable"/> on its text).
    /// </summary>
    public string? Peek(ReadOnlySpan<byte> payload, Span<FieldValue> found)
    {
        found.Clear();
        var reader = new Utf8JsonReader(payload, Reading);
        try
        {
            if (!Starts(ref reader, list: true))
                return FieldMessages.PayloadNotObjectOrList;
            if (reader.TokenType == JsonTokenType.StartArray && (!reader.Read() || reader.TokenType != JsonTokenType.StartObject))
                return null; // an empty list, or a list of something else, names nothing
            var seen = 0UL;
            while (seen != _every && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = IndexOf(ref reader);
                reader.Read();
                var start = reader.TokenStartIndex;
                var token = reader.TokenType;
                reader.Skip();
                if (index < 0 || token == JsonTokenType.Null)
                    continue;
                seen |= 1UL << index;
                found[index] = Found(start, ref reader, token);
            }
            return null;
        }
        catch (JsonException e)
        {
            found.Clear();
            return FieldMessages.PayloadNotJson(e);
        }
        catch (InvalidOperationException)
        {
            // The reader cannot compare a name escaping half a surrogate pair (U+DC00 alone, say).
            found.Clear();
            return FieldMessages.PayloadLoneSurrogate;
        }
    }

    /// <summary>The values a check found in <paramref name="payload"/>.</summary>
    public FieldValues Values(ReadOnlySpan<byte> payload, ReadOnlySpan<FieldValue> found) => new(this, payload, found);

    /// <summary>The values <see cref="CheckList"/> found in one entry of <paramref name="payload"/>.</summary>
    public FieldValues Entry(ReadOnlySpan<byte> payload, FieldValue[] found, int entry) => Values(payload, found.AsSpan(entry * ValueCount, ValueCount));

    /// <summary>The position of a top-level field in a check's values.</summary>
    internal int IndexOf(string name)
    {
        for (var i = 0; i < _fields.Length; i++)
            if (_fields[i].Spec.Name == name)
                return i;
        throw new ArgumentException($"the table has no field {name}", nameof(name));
    }

    private void RequireNoVariants()
    {
        if (_hasVariants)
            throw new InvalidOperationException("a table with variants knows its defects only at the end: use CheckAll");
    }

    private string? ReadObject(ReadOnlySpan<byte> payload, in DeviceKey key, Span<FieldValue> found, ref Defects defects)
    {
        if (!found.IsEmpty && found.Length != ValueCount)
            throw new ArgumentException($"a check finds {ValueCount} values", nameof(found));
        found.Clear();
        if (JsonStrings.Undecodable(payload) is { } undecodable)
            return undecodable;
        var reader = new Utf8JsonReader(payload, Reading);
        try
        {
            if (!Starts(ref reader, list: false))
                return FieldMessages.PayloadNotObject;
            CheckObject(ref reader, key, found, 0, EveryVariant, -1, ref defects);
            reader.Read(); // throws on content after the object
            return null;
        }
        catch (JsonException e)
        {
            found.Clear();
            return FieldMessages.PayloadNotJson(e);
        }
    }

    /// <summary>
    /// Whether the payload starts an object (or, where allowed, a list). When it does not, the
    /// rest is read too, so that invalid JSON anywhere is reported as such.
    /// </summary>
    private static bool Starts(ref Utf8JsonReader reader, bool list)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject || (list && reader.TokenType == JsonTokenType.StartArray))
            return true;
        reader.Skip();
        reader.Read();
        return false;
    }

    private string? CheckEntry(ref Utf8JsonReader reader, in DeviceKey key, scoped Span<FieldValue> found)
    {
        var defects = new Defects(all: false);
        CheckObject(ref reader, key, found, 0, EveryVariant, -1, ref defects);
        return defects.Reason;
    }

    /// <summary>One entry's cleared values, the array grown to hold them.</summary>
    private Memory<FieldValue> Slot(ref FieldValue[] found, int entry)
    {
        var needed = (entry + 1) * ValueCount;
        if (found.Length < needed)
            Array.Resize(ref found, Math.Max(needed, found.Length * 2));
        var slot = found.AsMemory(entry * ValueCount, ValueCount);
        slot.Span.Clear();
        return slot;
    }

    private static FieldValue Found(long start, ref Utf8JsonReader reader, JsonTokenType token) =>
        new((int)start, (int)(reader.BytesConsumed - start), token);

    private ulong Rank(ulong rankBase, int index) => rankBase | ((ulong)(index + 1) << _shift);

    /// <summary>Checks the object the reader is on, leaving the reader on its end.</summary>
    private void CheckObject(ref Utf8JsonReader reader, in DeviceKey key, scoped Span<FieldValue> found, ulong rankBase, ulong variants, int element, ref Defects defects)
    {
        var start = reader.TokenStartIndex;
        var seen = 0UL;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = IndexOf(ref reader);
            if (index < 0 && _closed && defects.Applies(variants))
                defects.Add(Rank(rankBase, _fields.Length), variants, Field.PathAt(_pathPrefix + reader.GetString(), element), _unknown);
            reader.Read();
            if (index < 0 || reader.TokenType == JsonTokenType.Null)
            {
                reader.Skip();
                continue;
            }
            var valueStart = reader.TokenStartIndex;
            var token = reader.TokenType;
            for (var i = index; i >= 0; i = _fields[i].NextSameName)
            {
                seen |= 1UL << i;
                // Once the command is known, another command's field of this name is not read.
                if (!defects.Applies(variants & _fields[i].Variants))
                    continue;
                if (_fields[i].NextSameName < 0)
                    CheckField(ref reader, i, key, rankBase, variants, element, ref defects);
                else
                {
                    // Another variant's field of this name reads the same value after this one.
                    var ahead = reader;
                    CheckField(ref ahead, i, key, rankBase, variants, element, ref defects);
                }
            }
            // Leaves a value the table does not look into (or one of the wrong type) behind.
            reader.Skip();
            if (!found.IsEmpty)
                found[index] = Found(valueStart, ref reader, token);
        }
        if (!found.IsEmpty)
            found[_fields.Length] = Found(start, ref reader, JsonTokenType.StartObject);
        for (var missing = _required & ~seen; missing != 0; missing &= missing - 1)
        {
            var i = BitOperations.TrailingZeroCount(missing);
            if (defects.Applies(variants & _fields[i].Variants))
                defects.Add(Rank(rankBase, i), variants & _fields[i].Variants, _fields[i].PathAt(element), FieldMessages.Required);
        }
    }

    private int IndexOf(ref Utf8JsonReader reader)
    {
        // Most names a device sends are not escaped: comparing their bytes (length first) is
        // cheaper than the reader's unescaping comparison, and a payload's unknown fields pay it
        // against every field of the table.
        if (reader.ValueIsEscaped)
        {
            for (var i = 0; i < _fields.Length; i++)
                if (reader.ValueTextEquals(_fields[i].Utf8Name))
                    return i;
            return -1;
        }
        var name = reader.ValueSpan;
        for (var i = 0; i < _fields.Length; i++)
            if (name.SequenceEqual(_fields[i].Utf8Name))
                return i;
        return -1;
    }

    private void CheckField(ref Utf8JsonReader reader, int index, in DeviceKey key, ulong rankBase, ulong variants, int element, ref Defects defects)
    {
        var field = _fields[index];
        var rank = Rank(rankBase, index);
        var applies = variants & field.Variants;
        if (CheckValue(ref reader, field, key, rank, applies, element, ref defects) is { } message)
            defects.Add(rank, applies, field.PathAt(element), message);
    }

    /// <summary>What is wrong with the value the reader is on, or null; a nested object or list is read to its end.</summary>
    private string? CheckValue(ref Utf8JsonReader reader, Field field, in DeviceKey key, ulong rank, ulong variants, int element, ref Defects defects)
    {
        var spec = field.Spec;
        var token = reader.TokenType;
        switch (spec.Kind)
        {
            case FieldKind.String:
                if (token != JsonTokenType.String)
                    return FieldMessages.NotString;
                return spec.NonEmpty && reader.ValueSpan.IsEmpty ? FieldMessages.Empty : null;
            case FieldKind.OneOf:
                if (token != JsonTokenType.String)
                    return FieldMessages.NotString;
                for (var i = 0; i < field.Utf8Values.Length; i++)
                {
                    if (!reader.ValueTextEquals(field.Utf8Values[i]))
                        continue;
                    if (_hasVariants && ReferenceEquals(field, _fields[0]))
                        defects.Variant = i;
                    return null;
                }
                return field.Invalid;
            case FieldKind.Number:
                // A literal beyond a double reads as an infinity, which no document means by a number.
                if (token != JsonTokenType.Number || !reader.TryGetDouble(out var number) || !double.IsFinite(number))
                    return FieldMessages.NotNumber;
                return number < spec.Min || number > spec.Max ? field.Invalid : null;
            case FieldKind.WholeNumber:
                if (token != JsonTokenType.Number || !reader.TryGetInt64(out var whole))
                    return FieldMessages.NotWholeNumber;
                return whole < spec.Min || whole > spec.Max ? field.Invalid : null;
            case FieldKind.Bool:
                return token is JsonTokenType.True or JsonTokenType.False ? null : FieldMessages.NotBool;
            case FieldKind.Timestamp:
                return token == JsonTokenType.String && reader.TryGetDateTimeOffset(out _) ? null : FieldMessages.NotTimestamp;
            case FieldKind.Object:
                if (token != JsonTokenType.StartObject)
                    return FieldMessages.NotObject;
                field.Nested?.CheckObject(ref reader, key, default, rank, variants, element, ref defects);
                return null;
            case FieldKind.List:
                if (token != JsonTokenType.StartArray)
                    return FieldMessages.NotArray;
                var count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject && field.Nested is { } nested)
                        nested.CheckObject(ref reader, key, default, rank, variants, count, ref defects);
                    else if (reader.TokenType != JsonTokenType.StartObject)
                        defects.Add(rank, variants, $"{field.Path}[{count}]", FieldMessages.NotObject);
                    reader.Skip();
                    count++;
                }
                return spec.NonEmpty && count == 0 ? FieldMessages.Empty : null;
            case FieldKind.Id:
                if (token != JsonTokenType.String)
                    return FieldMessages.NotString;
                return IsId(ref reader) ? null : FieldMessages.NotId;
            case FieldKind.ThisDevice:
            case FieldKind.ThisOrganization:
                if (token != JsonTokenType.String)
                    return FieldMessages.NotString;
                var (expected, noun) = spec.Kind == FieldKind.ThisOrganization ? (key.Org, "organization") : (key.Id, "device");
                return expected is not null && reader.ValueTextEquals(expected) ? null : FieldMessages.NotThis(noun, reader.GetString(), expected);
            case FieldKind.Any:
                return null;
            default:
                throw new InvalidOperationException($"field kind {spec.Kind} has no check");
        }
    }

    /// <summary>1 to 64 ASCII letters, digits, '-', '_', '.' or ':': safe in a topic level and a URL.</summary>
    private static bool IsId(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> id = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
        if (id.Length is 0 or > 64)
            return false;
        foreach (var b in id)
            if (!char.IsAsciiLetterOrDigit((char)b) && b is not ((byte)'-' or (byte)'_' or (byte)'.' or (byte)':'))
                return false;
        return true;
    }

    /// <summary>
    /// The defects found so far: the lowest-ranked one for a device payload, or all of them with
    /// the variants they apply to for a command, chosen once the discriminator is known.
    /// </summary>
    private struct Defects(bool all)
    {
        private ulong _rank = ulong.MaxValue;
        private string? _path;
        private string? _message;
        private readonly bool _keepAll = all;
        private List<Defect>? _all;

        /// <summary>The discriminator's value, as an index into the variants; -1 while unknown.</summary>
        public int Variant = -1;

        public void Add(ulong rank, ulong variants, string path, string message)
        {
            if (_keepAll)
            {
                _all ??= [];
                _all.Add(new Defect(rank, _all.Count, variants, path, message));
            }
            else if (rank < _rank)
                (_rank, _path, _message) = (rank, path, message);
        }

        /// <summary>
        /// Whether a defect of a field that applies to <paramref name="variants"/> can count: any
        /// while the discriminator is unknown (it may come later in the payload), else only the
        /// chosen variant's. Skipping the others spares reading them and wording their defects.
        /// </summary>
        public readonly bool Applies(ulong variants) => Variant < 0 || (variants & (1UL << Variant)) != 0;

        public readonly string? Reason => _message is null ? null : FieldMessages.Reason(_path!, _message);

        public readonly IReadOnlyList<FieldError> Errors()
        {
            if (_all is not { Count: > 0 })
                return [];
            var selected = Variant >= 0 ? 1UL << Variant : UnknownVariant;
            return [.. _all.Where(d => (d.Variants & selected) != 0).OrderBy(d => d.Rank).ThenBy(d => d.Order).Select(d => new FieldError(d.Path, d.Message))];
        }
    }

    private readonly record struct Defect(ulong Rank, int Order, ulong Variants, string Path, string Message);

    private sealed record Field(FieldSpec Spec, byte[] Utf8Name, string Path, FieldTable? Nested, byte[][] Utf8Values, string Invalid, ulong Variants, int NextSameName)
    {
        public string PathAt(int element) => PathAt(Path, element);

        /// <summary>The path of a field inside a list's element, with the element's index for the list's <c>[]</c>.</summary>
        public static string PathAt(string path, int element) =>
            element < 0 ? path : path.Replace("[]", $"[{element}]", StringComparison.Ordinal);
    }
}
