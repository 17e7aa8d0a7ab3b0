using System.Net;
using System.Net.Sockets;

namespace Gateway.MqttHttp;

/// <summary>
/// Where callbacks may go (<c>gateway.mqtt-http.callback.allowed-destinations</c>): networks in
/// CIDR form or single addresses, and host names trusted as they are. Otherwise a subscriber
/// could make the gateway POST into the operator's internal network. A name not listed is allowed
/// only where it resolves into an allowed network, checked again at every connection, so a name
/// that later resolves elsewhere (DNS rebinding) is not reached.
/// </summary>
public sealed class CallbackDestinations
{
    private readonly IPNetwork[] _networks;
    private readonly HashSet<string> _names;

    public CallbackDestinations(IEnumerable<string> entries)
    {
        List<IPNetwork> networks = [];
        _names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            if (IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address))
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
                _names.Add(entry);
            else
                throw new ArgumentException($"'{entry}' is neither a network (10.0.0.0/8), an address nor a host name");
        }
        _networks = [.. networks];
    }

    /// <summary>What the setting says, for error messages.</summary>
    public string Describe() => string.Join(", ", _networks.Select(n => n.ToString()).Concat(_names));

    public bool Allows(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return _networks.Any(n => n.Contains(address));
    }

    /// <summary>The addresses of <paramref name="host"/> a callback may connect to: all of them for a listed name, else those in an allowed network.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            return Allows(literal) ? [literal] : [];
        var addresses = await Dns.GetHostAddressesAsync(host, ct);
        return _names.Contains(host) ? addresses : [.. addresses.Where(Allows)];
    }

    /// <summary>Why <paramref name="url"/> may not be a callback, or null when it may.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken ct)
    {
        try
        {
            if ((await ResolveAsync(url.IdnHost, ct)).Length > 0)
                return null;
        }
        catch (SocketException)
        {
            return $"host '{url.Host}' does not resolve";
        }
        return $"'{url.Host}' is not an allowed callback destination (gateway.mqtt-http.callback.allowed-destinations: {Describe()})";
    }

    /// <summary>
    /// The connection step of the callback client: only to an allowed address, resolved afresh
    /// each time; sockets without Nagle, so small bodies go out at once.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        if (addresses.Length == 0)
            throw new HttpRequestException($"'{host}' is not an allowed callback destination");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
