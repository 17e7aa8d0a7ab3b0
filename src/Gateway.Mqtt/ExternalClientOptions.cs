using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace Gateway.Mqtt;

/// <summary>The MQTTnet client options for the external broker: TCP, TLS 1.2 or later for <c>mqtts</c>, credentials, a clean start.</summary>
internal static class ExternalClientOptions
{
    public static MqttClientOptions Build(ExternalBrokerSettings settings, MqttProtocolVersion version)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Broker.Host, settings.Broker.Port)
            .WithProtocolVersion(version)
            .WithClientId(settings.ClientId)
            // A fresh session on every connect: the subscriptions are made again each time, and a
            // broker never queues device messages for a node that is gone (the others share them).
            .WithCleanStart()
            .WithKeepAlivePeriod(settings.KeepAlive)
            .WithTimeout(settings.Timeout);
        if (settings.Username is { } username)
            builder.WithCredentials(username, settings.Password ?? "");
        if (settings.Broker.Tls)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13).WithTargetHost(settings.Broker.Host);
                if (settings.TrustedCa is { } ca)
                    tls.WithCertificateValidationHandler(e => TrustedBy(ca, e.Certificate, e.SslPolicyErrors));
                if (settings.ClientCertificate is { } cert)
                    tls.WithClientCertificates([cert]);
            });
        }
        return builder.Build();
    }

    /// <summary>
    /// The CA file is the only trust root (not the system's): the broker's certificate must chain
    /// to it and name the host, which the system's check has already compared.
    /// </summary>
    private static bool TrustedBy(X509Certificate2Collection ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(presented);
    }
}
