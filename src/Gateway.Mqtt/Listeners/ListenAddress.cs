using System.Net;

namespace Gateway.Mqtt.Listeners;

/// <summary>A configured bind (an address, 0.0.0.0, or localhost) as Kestrel listens on it.</summary>
public static class ListenAddress
{
    public static IPAddress Parse(string bind) => bind switch
    {
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(bind, out var address) ? address : throw new ArgumentException($"'{bind}' is not an address to listen on: write an IP address, 0.0.0.0 or localhost"),
    };
}
