using System.Globalization;
using System.Text.Json;

namespace Gateway.Protocols.Validation;

/// <summary>
/// The one wording of each fault a payload, a command or a desired state can have, wherever it
/// is found. A device's rejection reason is the field's path and the message
/// (<c>battery must be from 0 to 100</c>); a command's or a desired state's error is the path
/// and the message apart, with <c>$</c> for the payload as a whole.
/// </summary>
public static class FieldMessages
{
    public const string Required = "is required";
    public const string NotString = "must be a string";
    public const string Empty = "must not be empty";
    public const string NotNumber = "must be a number";
    public const string NotWholeNumber = "must be a whole number";
    public const string NotBool = "must be true or false";
    public const string NotTimestamp = "must be an ISO 8601 time, e.g. 2025-01-27T10:00:00Z";
    public const string NotObject = "must be an object";
    public const string NotArray = "must be an array";
    public const string NotId = "must be 1 to 64 letters, digits, '-', '_', '.' or ':'";

    /// <summary>The path of an error about the payload as a whole.</summary>
    public const string Payload = "$";

    public const string PayloadNotObject = "payload is not a JSON object";
    public const string PayloadNotObjectOrList = "payload is not a JSON object or a list of them";
    public const string PayloadNotUtf8 = "payload is not valid JSON: it is not UTF-8";
    public const string PayloadLoneSurrogate = "payload is not valid JSON: a string escapes half of a UTF-16 surrogate pair";

    public static string PayloadNotJson(JsonException e) => $"payload is not valid JSON: {e.Message}";

    public static string NotOneOf(IEnumerable<string> values) => $"must be one of {string.Join(", ", values)}";

    /// <summary>A number outside its bounds, naming the bounds the document sets.</summary>
    public static string OutOfRange(double? min, double? max) => (min, max) switch
    {
        ({ } low, { } high) => string.Create(CultureInfo.InvariantCulture, $"must be from {low} to {high}"),
        ({ } low, null) => string.Create(CultureInfo.InvariantCulture, $"must be at least {low}"),
        (null, { } high) => string.Create(CultureInfo.InvariantCulture, $"must be at most {high}"),
        _ => throw new ArgumentException("a number without bounds is never out of range"),
    };

    /// <summary>A payload that names another device or tenant than the one it is for.</summary>
    public static string NotThis(string noun, string? value, string? expected) => $"'{value}' is not this {noun} ('{expected}')";

    /// <summary>A field a closed object does not have.</summary>
    public static string Unknown(IReadOnlyCollection<string> known) =>
        known.Count == 0 ? "is not a known field (known: none)" : $"is not a known field (known: {string.Join(", ", known)})";

    /// <summary>One of two fields that may stand for each other is required.</summary>
    public static string RequiredUnless(string other) => $"is required unless {other} is given";

    /// <summary>A device's rejection reason: the field's path and what is wrong with it.</summary>
    public static string Reason(string path, string message) => $"{path} {message}";
}
