using Gateway.LoadTest.Families;

namespace Gateway.LoadTest.Devices;

/// <summary>One simulated device: its family, identity and topics, fixed for the whole run.</summary>
public sealed class SimulatedDevice
{
    public SimulatedDevice(int index, IFamilySimulator family, string id)
    {
        Index = index;
        Family = family;
        Id = id;
        Org = family.Org;
        TelemetryTopic = family.TelemetryTopic(Org, id);
        CommandTopic = (family as ICommandableFamily)?.CommandTopic(Org, id);
        StateTopic = Org is null ? $"gateway/{family.Kind}/{id}/state" : $"gateway/{family.Kind}/{Org}/{id}/state";
    }

    /// <summary>The device's place in the fleet; carried in every telemetry payload as lt_dev.</summary>
    public int Index { get; }

    public IFamilySimulator Family { get; }

    public string Id { get; }

    public string? Org { get; }

    public string TelemetryTopic { get; }

    /// <summary>Where the gateway publishes the device's view (retained) after each change: gateway/{kind}[/{org}]/{id}/state.</summary>
    public string StateTopic { get; }

    /// <summary>Where the gateway sends the device commands; null for families that take none.</summary>
    public string? CommandTopic { get; }

    public ICommandableFamily? Commandable => Family as ICommandableFamily;
}
