using Gateway.Mqtt.Sessions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using Xunit;

namespace Gateway.Tests.Mqtt;

/// <summary>
/// The embedded broker's decisions about persistent sessions: how long one lasts, which ends for a
/// new one past the bound, when a new one is refused, and that a session a client is connecting to
/// is never deleted under it. Times are milliseconds of the registry's clock.
/// </summary>
public sealed class SessionRegistrySpec
{
    private static readonly SessionLimits Limits = new(MaxPersistent: 2, MaxExpiry: TimeSpan.FromSeconds(100));

    [Theory]
    [InlineData(MqttProtocolVersion.V500, false, 30u, 30u)]
    [InlineData(MqttProtocolVersion.V500, true, 30u, 30u)] // clean start, then kept 30 s after the connection
    [InlineData(MqttProtocolVersion.V500, false, 0u, 0u)]
    [InlineData(MqttProtocolVersion.V500, false, uint.MaxValue, 100u)] // "never" is capped
    [InlineData(MqttProtocolVersion.V311, false, 0u, 100u)] // 3.1.1 names none: the maximum
    [InlineData(MqttProtocolVersion.V311, true, 0u, 0u)]
    public void A_session_lasts_what_the_client_asked_at_most_the_maximum(MqttProtocolVersion version, bool clean, uint requested, uint expected) =>
        Assert.Equal(expected, SessionExpiry.Of(version, clean, requested, Limits.MaxExpirySeconds));

    [Fact]
    public void A_session_whose_client_is_away_past_its_expiry_is_deleted_and_not_before()
    {
        var registry = new SessionRegistry(Limits);
        Away(registry, "a", expiry: 10, at: 0);

        Assert.Null(registry.Expired(9_999));
        Assert.Equal(["a"], registry.Expired(10_000));
        Assert.Null(registry.Expired(20_000)); // being deleted: asked once
        registry.Deleted("a");
        Assert.Equal(0, registry.Count);
        Assert.Equal(0, registry.Persistent);
    }

    [Fact]
    public void Past_the_bound_the_session_away_longest_ends_and_with_none_away_a_new_one_is_refused()
    {
        var registry = new SessionRegistry(Limits);
        Away(registry, "a", expiry: 50, at: 0);
        Away(registry, "b", expiry: 50, at: 1);

        Assert.Equal(Admission.Evict("a"), registry.Admit("c", 50, 50, 2));
        registry.Deleted("a");
        Connect(registry, "c", expiry: 50, at: 3);
        Connect(registry, "b", expiry: 50, at: 4);

        Assert.Equal(AdmissionKind.Refused, registry.Admit("d", 50, 50, 5).Kind);
        // A clean session needs no slot; a client taking its own persistent session back needs none either.
        Assert.Equal(AdmissionKind.Accepted, registry.Admit("e", 0, 0, 5).Kind);
        Assert.Equal(AdmissionKind.Accepted, registry.Admit("b", 50, 50, 5).Kind);
        Assert.Equal(2, registry.Persistent);
    }

    [Fact]
    public void A_session_a_client_is_connecting_to_is_not_deleted_and_one_being_deleted_is_waited_for()
    {
        var registry = new SessionRegistry(Limits);
        Away(registry, "a", expiry: 10, at: 0);

        Assert.Equal(AdmissionKind.Accepted, registry.Admit("a", 10, 10, 5_000).Kind);
        Assert.Null(registry.Expired(20_000)); // pending: MQTTnet is about to hand it over

        var other = new SessionRegistry(Limits);
        Away(other, "x", expiry: 10, at: 0);
        Assert.Equal(["x"], other.Expired(10_000));
        var admission = other.Admit("x", 10, 10, 10_001);
        Assert.Equal(AdmissionKind.WaitFor, admission.Kind);
        Assert.False(admission.Wait!.IsCompleted);
        other.Deleted("x");
        Assert.True(admission.Wait.IsCompletedSuccessfully);
        Assert.Equal(AdmissionKind.Accepted, other.Admit("x", 10, 10, 10_002).Kind);
    }

    [Fact]
    public void A_client_back_after_its_expiry_finds_its_session_deleted_first()
    {
        var registry = new SessionRegistry(Limits);
        Away(registry, "a", expiry: 10, at: 0);

        Assert.Equal(Admission.Expire("a"), registry.Admit("a", 10, 10, 10_000));
    }

    [Fact]
    public void A_session_with_an_expiry_is_kept_while_its_client_is_away_and_one_without_ends_with_its_connection()
    {
        var registry = new SessionRegistry(Limits);
        var connect = Connect(registry, "a", expiry: 10, at: 0);
        Assert.False(registry.IsAway("a"));
        Assert.Equal(10u, registry.Disconnected("a", connect, 0, 1));
        Assert.True(registry.IsAway("a"));

        var clean = Connect(registry, "b", expiry: 0, at: 2, cleanSession: true);
        Assert.Null(registry.Disconnected("b", clean, 0, 3));
        Assert.False(registry.IsAway("b"));
        Assert.Equal(1, registry.Count);
    }

    /// <summary>A client that connected with a session of <paramref name="expiry"/> seconds and left at <paramref name="at"/>.</summary>
    private static MqttConnectPacket Away(SessionRegistry registry, string clientId, uint expiry, long at)
    {
        var connect = Connect(registry, clientId, expiry, at);
        registry.Disconnected(clientId, connect, 0, at);
        return connect;
    }

    private static MqttConnectPacket Connect(SessionRegistry registry, string clientId, uint expiry, long at, bool cleanSession = false)
    {
        Assert.Equal(AdmissionKind.Accepted, registry.Admit(clientId, expiry, expiry, at).Kind);
        // As the broker rewrites it for MQTTnet: kept unless the expiry is 0.
        var connect = new MqttConnectPacket { ClientId = clientId, CleanSession = cleanSession, SessionExpiryInterval = expiry == 0 ? 0 : uint.MaxValue };
        registry.Connected(clientId, connect, MqttProtocolVersion.V500, session: null);
        return connect;
    }
}
