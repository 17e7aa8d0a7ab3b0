using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// The embedded broker's listeners on the host's Kestrel server: plain MQTT and, with a
/// certificate, MQTT over TLS 1.2 or 1.3. Kestrel brings the sockets, TLS and client certificates;
/// <see cref="ListenerGuard"/> sits in front of MQTTnet on each.
/// </summary>
public static class BrokerListeners
{
    public static void ListenMqtt(this KestrelServerOptions kestrel, EmbeddedBrokerTransport broker)
    {
        var settings = broker.Settings;
        var address = ListenAddress.Parse(settings.Bind);
        if (settings.PlainListener)
            kestrel.Listen(address, settings.Port, listen => listen
                .Use(next => context => broker.Guard.AdmitAsync(context, next, tls: false))
                .Use(next => context => broker.Guard.BoundAsync(context, next))
                .Run(broker.AcceptAsync));
        if (settings.Tls is { } tls)
            kestrel.Listen(address, tls.Port, listen =>
            {
                listen.Use(next => context => broker.Guard.AdmitAsync(context, next, tls: true));
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = tls.Certificate,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    ClientCertificateMode = tls.ClientCa is null ? ClientCertificateMode.NoCertificate
                        : tls.RequireClientCertificate ? ClientCertificateMode.RequireCertificate
                        : ClientCertificateMode.AllowCertificate,
                    ClientCertificateValidation = (certificate, _, _) => tls.Trusts(certificate),
                    HandshakeTimeout = broker.Settings.Limits.ConnectTimeout,
                });
                listen.Use(next => context => broker.Guard.BoundAsync(context, next));
                listen.Run(broker.AcceptAsync);
            });
    }
}
