using System.Text.Json.Nodes;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The device documents' example payloads, kept verbatim under Fixtures/ (<see cref="DroneExamples"/>
/// names the drone's, <see cref="FamilyExamples"/> the other families'). Variants (another device, a
/// field broken on purpose) are derived from them with <see cref="With"/>, never written anew.
/// </summary>
public static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static JsonObject Object(string name) => JsonNode.Parse(Text(name))!.AsObject();

    /// <summary>A example payload with some fields changed, as compact JSON.</summary>
    public static string With(string name, Action<JsonObject> change)
    {
        var payload = Object(name);
        change(payload);
        return payload.ToJsonString();
    }
}
