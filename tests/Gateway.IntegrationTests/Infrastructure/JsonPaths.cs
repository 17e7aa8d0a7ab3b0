using System.Text.Json;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Dotted paths into JSON ("shadow.reported.battery"), so assertions read like the API's documents.</summary>
public static class JsonPaths
{
    public static JsonElement? Find(this JsonElement element, string path)
    {
        var current = element;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                return null;
        }
        return current;
    }

    /// <summary>The value at <paramref name="path"/>; fails the test, showing the document, when it is missing.</summary>
    public static JsonElement At(this JsonElement element, string path) =>
        element.Find(path) ?? throw new Xunit.Sdk.XunitException($"'{path}' is missing from {element}");

    /// <summary>The string at <paramref name="path"/>, or null when it is missing or not a string.</summary>
    public static string? StringAt(this JsonElement element, string path) =>
        element.Find(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
