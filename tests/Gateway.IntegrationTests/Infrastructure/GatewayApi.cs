using System.Net.Http.Headers;
using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>The gateway's HTTP API for drones, one method per route the tests use.</summary>
public sealed class GatewayApi(HttpClient http)
{
    public Task<ApiResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<ApiResponse> GetDeviceAsync(string droneId) => GetAsync(DevicePath(droneId));

    public Task<ApiResponse> PostCommandAsync(string droneId, string json, bool wait = false) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{DevicePath(droneId)}/commands{(wait ? "?wait=true" : "")}") { Content = Json(json) });

    public Task<ApiResponse> GetCommandAsync(string droneId, string commandId) =>
        GetAsync($"{DevicePath(droneId)}/commands/{Uri.EscapeDataString(commandId)}");

    public Task<ApiResponse> PutDesiredAsync(string droneId, string json) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{DevicePath(droneId)}/shadow/desired") { Content = Json(json) });

    private static string DevicePath(string droneId) => $"api/devices/drone/{Uri.EscapeDataString(droneId)}";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.Location?.OriginalString, body);
        }
    }
}
