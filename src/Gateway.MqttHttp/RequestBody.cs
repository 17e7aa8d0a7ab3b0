using System.Text.Json;
using Gateway.Contracts.Messages;
using Gateway.Http;

namespace Gateway.MqttHttp;

/// <summary>
/// Reads a <c>/mqtt/*</c> request body as one JSON object, whatever its Content-Type (the Petal document's
/// examples and <c>curl -d</c> alike), and the fields of that object, naming every bad one.
/// </summary>
public static class RequestBody
{
    /// <summary>The request <paramref name="read"/> makes of the body, or every error found on the way.</summary>
    public static async Task<(T? Request, IReadOnlyList<FieldError> Errors)> ReadAsync<T>(
        HttpRequest request, int maxBytes, Func<JsonElement, List<FieldError>, T?> read, CancellationToken ct)
        where T : class
    {
        if (await RequestBytes.ReadAsync(request, maxBytes, ct) is not { } body)
            return (null, [new FieldError("$", $"the body must be at most {maxBytes} bytes")]);
        if (body.Length == 0)
            return (null, [new FieldError("$", "send a JSON object as the body")]);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return (null, [new FieldError("$", $"not valid JSON: {e.Message}")]);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, [new FieldError("$", "the body must be a JSON object")]);
            var errors = new List<FieldError>();
            return (read(document.RootElement, errors), errors);
        }
    }

    /// <summary>Names each field the request does not have, so a misspelt one (<c>callbackUrl</c>) is not silently ignored.</summary>
    public static void RejectUnknown(JsonElement body, IReadOnlyCollection<string> fields, List<FieldError> errors)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!fields.Contains(property.Name))
                errors.Add(new FieldError(property.Name, $"is not a field of this request; its fields are {string.Join(", ", fields)}"));
        }
    }

    /// <summary>The field's string; null (and an error when <paramref name="required"/>) when absent, null or not a string.</summary>
    public static string? String(JsonElement body, string name, bool required, List<FieldError> errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                errors.Add(new FieldError(name, "is required"));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(name, "must be a string"));
            return null;
        }
        return value.GetString();
    }
}
