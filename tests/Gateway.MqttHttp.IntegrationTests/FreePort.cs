using System.Net;
using System.Net.Sockets;

namespace Gateway.MqttHttp.IntegrationTests;

public static class FreePort
{
    /// <summary>A loopback port nothing listens on now (the OS picks it; the gateway binds it a moment later).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
