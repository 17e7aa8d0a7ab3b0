using System.Text.Json;
using Xunit;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>JSON comparisons that print both documents when they fail.</summary>
public static class JsonAssert
{
    public static void Same(JsonElement expected, JsonElement actual, string what) =>
        Assert.True(JsonElement.DeepEquals(expected, actual), $"{what} differs:\nexpected: {expected}\nactual:   {actual}");

    public static void Same(string expectedJson, JsonElement actual, string what)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        Same(expected.RootElement, actual, what);
    }
}
