using System.Net.Sockets;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>What a test that speaks MQTT byte by byte over a raw socket asks of the connection.</summary>
public static class RawConnections
{
    /// <summary>Whether the gateway closed (or reset) the connection within <paramref name="deadline"/>.</summary>
    public static async Task<bool> ClosedWithinAsync(Socket socket, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var buffer = new byte[64];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
