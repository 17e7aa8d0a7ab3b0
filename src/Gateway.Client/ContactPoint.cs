namespace Gateway.Client;

internal static class ContactPoint
{
    public static bool TryParse(string point, out string host, out int port)
    {
        var colon = point.LastIndexOf(':');
        host = colon > 0 ? point[..colon] : "";
        port = 0;
        return colon > 0 && int.TryParse(point.AsSpan(colon + 1), out port) && port is > 0 and < 65536;
    }
}
