using System.Net;
using System.Net.Sockets;
using Gateway.Host.Hosting;
using Xunit;

namespace Gateway.Tests.Configuration;

public sealed class PortInUseSpec
{
    private static readonly PortInUse Ports = new(new Dictionary<int, string> { [1883] = "MQTT (--mqtt-port)", [2552] = "cluster remoting (--cluster-port)" });

    /// <summary>The socket error a bind to a held port raises, taken from a real bind rather than made up.</summary>
    private static SocketException AddressInUse()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        return Assert.Throws<SocketException>(() => second.Bind(holder.LocalEndPoint!));
    }

    [Fact]
    public void Kestrels_failure_names_the_listener_and_its_option()
    {
        var failure = new IOException("Failed to bind to address http://127.0.0.1:1883: address already in use.", AddressInUse());

        Assert.Equal("cannot listen on port 1883 for MQTT (--mqtt-port): another process already listens there. Stop it, or give the gateway another port.",
            Ports.Describe(failure));
    }

    [Fact]
    public void Akkas_nested_failure_names_the_remoting_port()
    {
        var bind = new Exception("Failed to bind to [127.0.0.1:2552]. See InnerException for details.", AddressInUse());

        Assert.StartsWith("cannot listen on port 2552 for cluster remoting (--cluster-port)", Ports.Describe(new AggregateException(new AggregateException(bind))));
    }

    [Fact]
    public void A_port_it_does_not_know_is_quoted_from_the_failure()
    {
        var failure = new IOException("Failed to bind to address http://127.0.0.1:9999: address already in use.", AddressInUse());

        Assert.StartsWith("cannot listen on one of its ports (Failed to bind to address http://127.0.0.1:9999", Ports.Describe(failure));
    }

    [Fact]
    public void Any_other_failure_is_not_taken_for_a_port_in_use()
    {
        Assert.Null(Ports.Describe(new IOException("Failed to bind to address http://127.0.0.1:1883: permission denied.", new SocketException((int)SocketError.AccessDenied))));
    }
}
