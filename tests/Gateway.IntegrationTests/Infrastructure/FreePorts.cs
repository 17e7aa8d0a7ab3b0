using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// Ports nothing listens on, for the servers the tests start. They come from below the kernel's
/// ephemeral range (<c>net.ipv4.ip_local_port_range</c>): a port the kernel hands out could be
/// taken between this pick and the server's bind by any outgoing connection or port-0 listener on
/// the machine (CI once lost a gateway's HTTP port that way); one below the range can only be taken
/// by a process that asks for it by number.
/// </summary>
internal static class FreePorts
{
    private static readonly (int First, int Count) Range = BelowEphemeral();
    // Each test process starts somewhere else in the range, so two suites running side by side
    // rarely probe the same ports, and a port is not handed out again soon after its server stops.
    private static int _next = Random.Shared.Next(Range.Count);

    public static int[] Take(int count)
    {
        var ports = new int[count];
        for (var i = 0; i < count; i++)
            ports[i] = NextFree();
        return ports;
    }

    public static int One() => Take(1)[0];

    private static int NextFree()
    {
        for (var attempt = 0; attempt < Range.Count; attempt++)
        {
            var port = Range.First + (int)((uint)Interlocked.Increment(ref _next) % (uint)Range.Count);
            if (IsFree(port))
                return port;
        }
        throw new InvalidOperationException($"no free port in {Range.First}-{Range.First + Range.Count - 1}");
    }

    private static bool IsFree(int port)
    {
        // Any address: a server on 127.0.0.1 and one on 0.0.0.0 both hold the port.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Any, port));
            probe.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Up to 10,000 ports just below the ephemeral range (32768-60999 unless the machine says otherwise), never under 10,000.</summary>
    private static (int First, int Count) BelowEphemeral()
    {
        const string setting = "/proc/sys/net/ipv4/ip_local_port_range";
        var low = File.Exists(setting) ? int.Parse(File.ReadAllText(setting).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0]) : 32768;
        var first = Math.Max(10_000, low - 10_000);
        if (low - first < 1_000)
            throw new InvalidOperationException($"{setting} starts at {low}: the tests need ports below it; lower it or raise its start");
        return (first, low - first);
    }
}
