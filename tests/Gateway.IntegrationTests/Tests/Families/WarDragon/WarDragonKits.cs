using System.Text.Json;
using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Tests.Families.WarDragon;

/// <summary>WarDragon kits as wardragon-kits.md names them, for the tests of this folder.</summary>
internal static class WarDragonKits
{
    public const string Kind = "wardragon";

    public static DeviceRoute Route(string kit) => DeviceRoute.Of(Kind, kit);

    /// <summary>A example payload as another kit would send it.</summary>
    public static string SeenBy(string example, string kit) => Fixtures.With(example, p => p["seen_by"] = kit);

    /// <summary>The kit view's tracks of one sort (drones, aircraft, signals).</summary>
    public static JsonElement[] Tracks(JsonElement view, string sort) =>
        view.Find($"extension.tracks.{sort}") is { ValueKind: JsonValueKind.Array } tracks ? tracks.EnumerateArray().ToArray() : [];
}
