namespace Gateway.Protocols.Anc;

/// <summary>
/// The Device Shadow service's error messages, with their codes, as AWS IoT documents them
/// ("Device Shadow error messages", docs.aws.amazon.com/iot/latest/developerguide/device-shadow-error-messages.html).
/// Each is published as AWS's error response document, <c>{"code", "message", "timestamp", "clientToken"}</c>
/// ("Device Shadow service documents", Error response document).
/// Codes AWS lists that the gateway never answers on a shadow topic: 401 and 403 (the broker's
/// policy refuses such a publication before any shadow sees it), 404 "Thing not found" (every thing
/// is known), 429 and 500 (a request the gateway cannot take now is not acknowledged at the MQTT
/// level, so the device sends it again).
/// </summary>
public static class AwsShadowErrors
{
    public const int BadRequest = 400, NotFound = 404, Conflict = 409, PayloadTooLarge = 413, UnsupportedMediaType = 415;

    public const string InvalidJson = "Invalid JSON";
    public const string MissingState = "Missing required node: state";
    public const string StateNotObject = "State node must be an object";
    public const string DesiredNotObject = "Desired node must be an object";
    public const string ReportedNotObject = "Reported node must be an object";
    public const string InvalidVersion = "Invalid version";
    /// <summary>A clientToken that is not a string, or longer than 64 bytes ("Client tokens in shadow documents").</summary>
    public const string InvalidClientToken = "Invalid clientToken";
    public const string VersionConflict = "Version conflict";
    public const string TooLarge = "The payload exceeds the maximum size allowed";
    /// <summary>A payload that is not UTF-8 (AWS's own wording, "documented" included).</summary>
    public const string NotUtf8 = "Unsupported documented encoding; supported encoding is UTF-8";

    public static string TooDeep(int maxDepth) => $"JSON contains too many levels of nesting; maximum is {maxDepth}";

    /// <summary>The documented text, then the node in quotes, as AWS's 404 names its shadow (and moto's mock of the service writes it).</summary>
    public static string InvalidNode(string node) => $"State contains an invalid node: '{node}'";

    /// <summary>
    /// "No shadow exists with name: shadowName": the thing's name for its classic shadow, the
    /// shadow's own for a named one, in quotes, as AWS answers (its "Simulating Device Shadow
    /// service communications" shows <c>No shadow exists with name: 'simShadow1'</c> for a named shadow).
    /// </summary>
    public static string NoShadow(string name) => $"No shadow exists with name: '{name}'";
}
