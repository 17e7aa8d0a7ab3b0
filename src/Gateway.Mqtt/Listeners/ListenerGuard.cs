using Gateway.Mqtt.Security;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Mqtt.Listeners;

/// <summary>
/// Kestrel connection middleware in front of MQTTnet, shared by the broker's listeners. MQTTnet
/// has no packet-size limit and waits for whatever length a fixed header claims, before login
/// (<c>10 FF FF FF 7F</c> claims 256 MB); here each header is checked as it arrives and an
/// oversized, malformed or non-CONNECT first packet closes the connection before its body is
/// buffered. The guard also caps open connections and closes those that send no CONNECT in time
/// (a TLS handshake included). <paramref name="disconnect"/> sends a logged-in MQTT 5 client the
/// DISCONNECT that says why before its connection closes.
/// </summary>
public sealed class ListenerGuard(InputLimits limits, SecurityEvents events, Func<string, MQTTnet.Protocol.MqttDisconnectReasonCode, string, Task> disconnect)
{
    private int _open;

    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>The outermost middleware: admits the connection (or not) and arms its CONNECT deadline.</summary>
    public async Task AdmitAsync(ConnectionContext context, ConnectionDelegate next, bool tls)
    {
        try
        {
            if (Interlocked.Increment(ref _open) > limits.MaxConnections)
            {
                events.ConnectionRefused(RefusalReasons.MaxConnections, context.RemoteEndPoint, $"{limits.MaxConnections} connections are open (max-connections)");
                context.Abort(new ConnectionAbortedException("too many connections"));
                return;
            }
            var connection = new GuardedConnection(context, limits, events);
            context.Features.Set(connection);
            using var deadline = new CancellationTokenSource(limits.ConnectTimeout);
            await using var _ = deadline.Token.Register(connection.DeadlinePassed);
            await next(context);
            // Kestrel's TLS middleware ends a failed handshake without calling further in (and logs it at debug only).
            if (tls && !connection.Bound && !connection.TimedOut)
                events.ConnectionRefused(RefusalReasons.TlsHandshake, context.RemoteEndPoint, "its TLS handshake failed (no or an untrusted client certificate, no common TLS version, or not TLS at all)");
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>The innermost middleware (after TLS, if any): MQTTnet reads through the bounded reader.</summary>
    public Task BoundAsync(ConnectionContext context, ConnectionDelegate next)
    {
        var connection = context.Features.Get<GuardedConnection>() ?? throw new InvalidOperationException("ListenerGuard.AdmitAsync must run first");
        connection.Bound = true;
        var transport = context.Transport;
        context.Transport = new DuplexPipe(new BoundedPacketReader(transport.Input, connection, Disconnect), transport.Output);
        return next(context);
    }

    /// <summary>The guarded connection a client's channel reads through, for the broker to tell it who logged in.</summary>
    internal static GuardedConnection? Of(ConnectionContext context) => context.Features.Get<GuardedConnection>();

    private void Disconnect(ClientDisconnect refusal, GuardedConnection connection) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await disconnect(refusal.ClientId, refusal.ReasonCode, refusal.Reason).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // The client is gone already (or the broker stopped): nothing to tell, only to close.
                connection.Context.Abort(new ConnectionAbortedException(refusal.Reason));
            }
        });
}
