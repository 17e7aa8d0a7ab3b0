using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// The embedded broker's TLS listener, from <c>gateway.mqtt.tls</c>: open when a certificate is
/// configured. With a CA, clients may present certificates that chain to it (or must, with
/// <see cref="RequireClientCertificate"/>), and a certificate's subject CN is the client's identity.
/// </summary>
public sealed record TlsListenerSettings(int Port, X509Certificate2 Certificate, X509Certificate2Collection? ClientCa, bool RequireClientCertificate)
{
    /// <summary>The TLS settings, or null when no certificate is configured (no TLS listener).</summary>
    public static TlsListenerSettings? From(Config config)
    {
        var c = config.GetConfig("gateway.mqtt.tls") ?? throw new ConfigurationException("gateway.mqtt.tls is missing");
        var cert = c.GetString("cert");
        var key = c.GetString("key");
        var ca = c.GetString("ca");
        var mode = c.GetString("client-certificates");
        if (mode is not ("require" or "accept"))
            throw new ArgumentException($"gateway.mqtt.tls.client-certificates must be 'require' or 'accept', not '{mode}'");
        if (string.IsNullOrEmpty(cert) && string.IsNullOrEmpty(key))
        {
            if (!string.IsNullOrEmpty(ca))
                throw new ArgumentException("--tls-ca needs a TLS listener: add --tls-cert and --tls-key");
            return null;
        }
        if (string.IsNullOrEmpty(cert) || string.IsNullOrEmpty(key))
            throw new ArgumentException("the TLS listener needs both --tls-cert and --tls-key (gateway.mqtt.tls.cert, key)");
        if (mode == "require" && string.IsNullOrEmpty(ca))
            throw new ArgumentException("--tls-client-certs require needs --tls-ca: the CA client certificates must chain to");
        return new TlsListenerSettings(
            c.GetInt("port"),
            PemFiles.ReadCertificateWithKey(cert, key, "TLS certificate"),
            string.IsNullOrEmpty(ca) ? null : PemFiles.ReadCertificates(ca, "TLS client CA"),
            mode == "require");
    }

    /// <summary>
    /// A client certificate is trusted when it chains to the configured CA alone (not the system's
    /// roots: a public CA must not be able to mint device identities) and is within its validity.
    /// </summary>
    public bool Trusts(X509Certificate2 certificate)
    {
        if (ClientCa is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ClientCa);
        // Device fleets run without a reachable CRL or OCSP responder; revoke by re-issuing the CA or by the policy file.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    /// <summary>The identity a certificate gives its client: its subject's common name.</summary>
    public static string? Identity(X509Certificate2 certificate) =>
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } cn ? cn : null;
}
