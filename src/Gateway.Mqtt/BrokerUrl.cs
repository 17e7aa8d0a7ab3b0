namespace Gateway.Mqtt;

/// <summary>An external broker's address: <c>mqtt://HOST[:PORT]</c> (port 1883) or <c>mqtts://HOST[:PORT]</c> (TLS, port 8883).</summary>
public sealed record BrokerUrl(bool Tls, string Host, int Port)
{
    public const string Expected = "mqtt://HOST[:PORT] or mqtts://HOST[:PORT]";

    /// <summary>Throws <see cref="ArgumentException"/> naming what is wrong: a start-up error, not something to retry.</summary>
    public static BrokerUrl Parse(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("mqtt" or "mqtts") || uri.DnsSafeHost.Length == 0)
            throw new ArgumentException($"the broker must be {Expected}, not '{value}'");
        if (uri.UserInfo.Length > 0)
            throw new ArgumentException($"the broker URL '{value}' must not carry credentials: use --broker-username and GATEWAY_BROKER_PASSWORD");
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            throw new ArgumentException($"the broker must be {Expected}, with no path or query, not '{value}'");
        var tls = uri.Scheme == "mqtts";
        return new BrokerUrl(tls, uri.DnsSafeHost, uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port);
    }

    public override string ToString() => $"{(Tls ? "mqtts" : "mqtt")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}";
}
