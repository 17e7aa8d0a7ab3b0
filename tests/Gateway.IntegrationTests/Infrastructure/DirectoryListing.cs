using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>The device directory through the API: a page of it, and waiting until it shows something.</summary>
public static class DirectoryListing
{
    /// <summary><c>GET /api/devices{query}</c>, or <c>/api/orgs/{org}/devices{query}</c> with <paramref name="org"/>.</summary>
    public static Task<ApiResponse> GetDirectoryAsync(this GatewayApi api, string query = "", string? org = null) =>
        api.GetAsync(org is null ? $"api/devices{query}" : $"api/orgs/{Uri.EscapeDataString(org)}/devices{query}");

    /// <summary>The page once it answers 200 and <paramref name="done"/> holds for it.</summary>
    public static async Task<JsonElement> WaitForDirectoryAsync(this GatewayProcess gateway, string query, Func<JsonElement, bool> done, string expectation, TimeSpan? deadline = null) =>
        (await Eventually.Until(() => gateway.Api.GetDirectoryAsync(query),
            r => r.StatusCode == HttpStatusCode.OK && done(r.Json), $"the directory ({query}): {expectation}", gateway, deadline)).Json;

    /// <summary>A page as JSON text without each device's <c>online</c>, which changes with the time of the request.</summary>
    public static string WithoutOnline(JsonElement page)
    {
        var copy = JsonNode.Parse(page.GetRawText())!.AsObject();
        copy["devices"] = new JsonArray([.. page.Devices().Select(d => JsonNode.Parse(EntryWithoutOnline(d)))]);
        return copy.ToJsonString();
    }

    /// <summary>One device's entry as JSON text without its <c>online</c>.</summary>
    public static string EntryWithoutOnline(JsonElement entry)
    {
        var copy = JsonNode.Parse(entry.GetRawText())!.AsObject();
        copy.Remove("online");
        return copy.ToJsonString();
    }

    /// <summary>The listed devices of a page.</summary>
    public static IReadOnlyList<JsonElement> Devices(this JsonElement page) => [.. page.GetProperty("devices").EnumerateArray()];

    /// <summary>The entry of <paramref name="device"/> in a page, if it is on it.</summary>
    public static JsonElement? Entry(this JsonElement page, DeviceRoute device) =>
        page.Devices().Cast<JsonElement?>().FirstOrDefault(d => d!.Value.StringAt("kind") == device.Kind
            && d.Value.StringAt("org") == device.Org && d.Value.StringAt("id") == device.Id);
}
