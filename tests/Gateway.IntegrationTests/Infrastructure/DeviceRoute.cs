namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// One device as the API addresses it: <c>/api/devices/{kind}/{id}</c>, or
/// <c>/api/orgs/{org}/devices/{kind}/{id}</c> for families whose devices belong to a tenant.
/// </summary>
public sealed record DeviceRoute(string Kind, string? Org, string Id)
{
    public static DeviceRoute Of(string kind, string id) => new(kind, null, id);

    public static DeviceRoute InOrg(string kind, string org, string id) => new(kind, org, id);

    public string ApiPath => Org is null
        ? $"api/devices/{Kind}/{Uri.EscapeDataString(Id)}"
        : $"api/orgs/{Uri.EscapeDataString(Org)}/devices/{Kind}/{Uri.EscapeDataString(Id)}";

    /// <summary>The gateway's own name for the device, as rejections and gateway topics spell it.</summary>
    public string EntityId => Org is null ? $"{Kind}/{Id}" : $"{Kind}/{Org}/{Id}";

    /// <summary>Where the gateway publishes the device's events once journaled.</summary>
    public string EventsTopic => $"gateway/{EntityId}/events";

    public override string ToString() => EntityId;
}
