namespace Gateway.LoadTest.Options;

/// <summary>What the publishers are pointed at.</summary>
public enum Target
{
    /// <summary>A gateway the tool starts itself (dotnet Gateway.Host.dll) on free ports with a fresh data folder.</summary>
    Embedded,

    /// <summary>A gateway that is already running at --gateway-url and --mqtt-host/--mqtt-port.</summary>
    Running,

    /// <summary>Any MQTT broker with no gateway behind it: publish-to-subscribe relay only.</summary>
    Broker,
}
