using System.Text.Json;
using Gateway.Contracts.Messages;

namespace Gateway.Protocols.Validation;

/// <summary>
/// Field checks for the documents' field tables (required, type, range, allowed values), each
/// failure recorded as a <see cref="FieldError"/> naming the field's path. Commands report every
/// error; device payloads report the first (<see cref="FirstReason"/>).
/// </summary>
public sealed class JsonChecks
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool Ok => _errors.Count == 0;
    public string? FirstReason => _errors.Count == 0 ? null : $"{_errors[0].Field} {_errors[0].Message}";

    public void Fail(string path, string message) => _errors.Add(new FieldError(path, message));

    /// <summary>Parses a payload that must be one JSON object.</summary>
    public static bool TryParseObject(ReadOnlySpan<byte> json, out JsonDocument document, out string reason)
    {
        document = null!;
        try
        {
            var reader = new Utf8JsonReader(json);
            var doc = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                doc.Dispose();
                reason = "payload has content after its JSON value";
                return false;
            }
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                reason = "payload is not a JSON object";
                return false;
            }
            document = doc;
            reason = "";
            return true;
        }
        catch (JsonException e)
        {
            reason = $"payload is not valid JSON: {e.Message}";
            return false;
        }
    }

    private bool Get(JsonElement obj, string name, string path, bool required, out JsonElement value)
    {
        if (obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
            return true;
        if (required)
            Fail(path, "is required");
        return false;
    }

    public JsonElement? Object(JsonElement obj, string name, string path, bool required)
    {
        if (!Get(obj, name, path, required, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.Object)
            return value;
        Fail(path, "must be an object");
        return null;
    }

    public string? String(JsonElement obj, string name, string path, bool required, IReadOnlyCollection<string>? oneOf = null)
    {
        if (!Get(obj, name, path, required, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.String)
        {
            Fail(path, "must be a string");
            return null;
        }
        var text = value.GetString()!;
        if (oneOf is not null && !oneOf.Contains(text))
        {
            Fail(path, $"must be one of {string.Join(", ", oneOf)}");
            return null;
        }
        return text;
    }

    public double? Number(JsonElement obj, string name, string path, bool required, double min = double.MinValue, double max = double.MaxValue)
    {
        if (!Get(obj, name, path, required, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number)
        {
            Fail(path, "must be a number");
            return null;
        }
        var number = value.GetDouble();
        if (number < min || number > max)
        {
            Fail(path, $"must be from {min} to {max}");
            return null;
        }
        return number;
    }

    public long? Integer(JsonElement obj, string name, string path, bool required, long min = long.MinValue, long max = long.MaxValue)
    {
        if (!Get(obj, name, path, required, out var value))
            return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Fail(path, "must be a whole number");
            return null;
        }
        if (number < min || number > max)
        {
            Fail(path, $"must be from {min} to {max}");
            return null;
        }
        return number;
    }

    public bool? Bool(JsonElement obj, string name, string path, bool required)
    {
        if (!Get(obj, name, path, required, out var value))
            return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return value.GetBoolean();
        Fail(path, "must be true or false");
        return null;
    }

    public DateTimeOffset? Timestamp(JsonElement obj, string name, string path, bool required)
    {
        if (!Get(obj, name, path, required, out var value))
            return null;
        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var at))
            return at;
        Fail(path, "must be an ISO 8601 time, e.g. 2025-01-27T10:00:00Z");
        return null;
    }

    /// <summary>Fails each property of <paramref name="obj"/> not in <paramref name="allowed"/>.</summary>
    public void OnlyKnown(JsonElement obj, string pathPrefix, IReadOnlyCollection<string> allowed, string what)
    {
        foreach (var property in obj.EnumerateObject())
            if (!allowed.Contains(property.Name))
                Fail(pathPrefix + property.Name, $"is not {what}; expected one of {string.Join(", ", allowed)}");
    }
}
