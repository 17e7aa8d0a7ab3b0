using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Host.Hosting;

/// <summary>
/// Recognises a start that failed because another process holds one of the gateway's ports, so the
/// operator reads which listener and which option moves it instead of an unhandled exception's stack trace.
/// </summary>
/// <param name="listeners">Each port the gateway binds, with the listener and option it belongs to ("HTTP (--http-port)").</param>
public sealed partial class PortInUse(IReadOnlyDictionary<int, string> listeners)
{
    /// <summary>What to tell the operator, when some exception in the chain is an address already in use; otherwise null.</summary>
    public string? Describe(Exception failure)
    {
        string? binding = null;
        var inUse = false;
        for (var e = failure; e is not null; e = e.InnerException)
        {
            // Kestrel says "Failed to bind to address http://127.0.0.1:1883: ...", Akka's remoting
            // "Failed to bind to [127.0.0.1:2552]": the innermost such message names the port.
            if (e.Message.StartsWith("Failed to bind to", StringComparison.Ordinal))
                binding = e.Message;
            inUse |= e is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse };
        }
        if (!inUse)
            return null;
        var port = binding is null ? null : LastPort().Matches(binding).LastOrDefault()?.Groups[1].Value;
        var what = port is not null && listeners.TryGetValue(int.Parse(port), out var listener) ? $"port {port} for {listener}" : $"one of its ports ({binding ?? failure.Message})";
        return $"cannot listen on {what}: another process already listens there. Stop it, or give the gateway another port.";
    }

    [GeneratedRegex(@":(\d+)")]
    private static partial Regex LastPort();
}
