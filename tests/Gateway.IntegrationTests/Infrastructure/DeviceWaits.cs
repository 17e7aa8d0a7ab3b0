using System.Net;
using System.Text.Json;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Waiting, through the API, for what a device's actor does after an MQTT message has been taken by the broker.</summary>
public static class DeviceWaits
{
    /// <summary>The device's view once it is known and <paramref name="done"/> holds for it.</summary>
    public static async Task<JsonElement> WaitForDeviceAsync(this GatewayProcess gateway, DeviceRoute device, Func<JsonElement, bool> done, string expectation) =>
        (await Eventually.Until(() => gateway.Api.GetDeviceAsync(device),
            r => r.StatusCode == HttpStatusCode.OK && done(r.Json), $"{device}: {expectation}", gateway)).Json;

    /// <summary>The command's view once it has the status given (the family's own word for it).</summary>
    public static async Task<JsonElement> WaitForCommandStatusAsync(this GatewayProcess gateway, DeviceRoute device, string commandId, string status, TimeSpan? deadline = null) =>
        (await Eventually.Until(() => gateway.Api.GetCommandAsync(device, commandId),
            r => r.StatusCode == HttpStatusCode.OK && r.Json.StringAt("status") == status,
            $"command {commandId} of {device} to be {status}", gateway, deadline)).Json;
}
