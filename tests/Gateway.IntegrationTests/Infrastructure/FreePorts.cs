using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>Ports nothing listens on, found by letting the kernel pick them.</summary>
internal static class FreePorts
{
    /// <summary>
    /// All listeners are held open until every port is known, so one call never hands out the same
    /// port twice. Another process may still take a port before the gateway binds it; that is rare
    /// enough on a test machine, and the gateway then fails to start with a clear message.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Any, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }

    public static int One() => Take(1)[0];
}
