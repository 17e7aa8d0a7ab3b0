namespace Gateway.Contracts;

/// <summary>
/// A device id or organization id names one level of MQTT topics (the device's own and the
/// gateway's): non-empty, and without '/', '+' or '#', which would reach into other levels or match
/// as a wildcard. The API, the directory, the dispatcher stream and the payload-named families judge it here.
/// </summary>
public static class TopicLevel
{
    public const string Rule = "one MQTT topic level: no '/', '+' or '#'";

    public static bool IsValid(string? level) => !string.IsNullOrEmpty(level) && !level.AsSpan().ContainsAny("/+#");
}
