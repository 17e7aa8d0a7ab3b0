using System.Net.Http.Headers;
using System.Text;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The gateway's HTTP API, one method per route the tests use: by drone id for the drone tests,
/// by <see cref="DeviceRoute"/> for any family (with or without an organization).
/// </summary>
public sealed class GatewayApi(HttpClient http)
{
    public Task<ApiResponse> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<ApiResponse> PostAsync(string path, string json) => SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) });

    public Task<ApiResponse> GetDeviceAsync(string droneId) => GetDeviceAsync(Drone(droneId));

    public Task<ApiResponse> PostCommandAsync(string droneId, string json, bool wait = false) => PostCommandAsync(Drone(droneId), json, wait);

    public Task<ApiResponse> GetCommandAsync(string droneId, string commandId) => GetCommandAsync(Drone(droneId), commandId);

    public Task<ApiResponse> PutDesiredAsync(string droneId, string json) => PutDesiredAsync(Drone(droneId), json);

    public Task<ApiResponse> GetDeviceAsync(DeviceRoute device) => GetAsync(device.ApiPath);

    public Task<ApiResponse> PostCommandAsync(DeviceRoute device, string json, bool wait = false) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{device.ApiPath}/commands{(wait ? "?wait=true" : "")}") { Content = Json(json) });

    public Task<ApiResponse> GetCommandAsync(DeviceRoute device, string commandId) =>
        GetAsync($"{device.ApiPath}/commands/{Uri.EscapeDataString(commandId)}");

    public Task<ApiResponse> PutDesiredAsync(DeviceRoute device, string json) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Put, $"{device.ApiPath}/shadow/desired") { Content = Json(json) });

    private static DeviceRoute Drone(string droneId) => DeviceRoute.Of("drone", droneId);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    private async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers.Location?.OriginalString, body, response.Headers.RetryAfter?.Delta);
        }
    }
}
