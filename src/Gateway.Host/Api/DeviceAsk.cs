using Akka.Actor;
using Akka.Hosting;
using Gateway.Contracts;
using Gateway.Devices.Sharding;
using Gateway.Host.Hosting;

namespace Gateway.Host.Api;

/// <summary>Asks a device actor through the shard region, turning a silent actor into a 503 rather than a hung request.</summary>
public sealed class DeviceAsk(IRequiredActor<DeviceRegion> region, ApiSettings settings)
{
    public Task<object> Ask(IDeviceMessage message, CancellationToken ct) => Ask(message, settings.AskTimeout, ct);

    public async Task<object> Ask(IDeviceMessage message, TimeSpan timeout, CancellationToken ct)
    {
        var actor = await region.GetAsync(ct);
        return await actor.Ask<object>(message, timeout, ct);
    }
}
