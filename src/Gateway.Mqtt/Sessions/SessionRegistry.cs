using System.Collections.Concurrent;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Server.Internal;

namespace Gateway.Mqtt.Sessions;

/// <summary>
/// The embedded broker's sessions by client id, and the decisions MQTTnet does not make about
/// them: which persistent session to end for a new one past <see cref="SessionLimits.MaxPersistent"/>,
/// and when a session whose client is away has expired (MQTTnet checks expiry only when the same
/// client id connects again, and never for MQTT 3.1.1). The caller deletes in MQTTnet what it is
/// told to and reports it with <see cref="Deleted"/>; times are milliseconds of one monotonic clock.
/// </summary>
/// <remarks>
/// A CONNECT counts as pending from its admission until its connection starts or ends, and a
/// session with one pending is never deleted: so no deletion can remove a session MQTTnet is about
/// to hand a reconnecting client. A CONNECT for a session being deleted waits for the deletion.
/// </remarks>
internal sealed class SessionRegistry(SessionLimits limits)
{
    /// <summary>An admitted CONNECT whose connection neither started nor ended within this is taken as failed.</summary>
    private const long PendingDeadline = 60_000;

    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, ClientSession> _sessions = new(StringComparer.Ordinal);
    private readonly LinkedList<ClientSession> _away = new();
    private int _persistent;

    /// <summary>Sessions that outlive their connection, connected or not.</summary>
    public int Persistent
    {
        get
        {
            lock (_lock)
                return _persistent;
        }
    }

    public int Count => _sessions.Count;

    /// <summary>Decides on a CONNECT the gate has let in, whose session would outlive it by <paramref name="expirySeconds"/>.</summary>
    public Admission Admit(string clientId, uint expirySeconds, uint requestedSeconds, long now)
    {
        lock (_lock)
        {
            _sessions.TryGetValue(clientId, out var session);
            if (session?.Deletion is { } deletion)
                return Admission.WaitFor(deletion.Task);
            if (session is not null && Expired(session, now))
                return Admission.Expire(BeginDeletion(session));
            if (expirySeconds > 0 && session is not { Persistent: true } && _persistent >= limits.MaxPersistent)
            {
                var longestAway = FirstDeletable(now);
                return longestAway is null ? Admission.Refused : Admission.Evict(BeginDeletion(longestAway));
            }
            session ??= _sessions[clientId] = new ClientSession(clientId);
            SetExpiry(session, expirySeconds);
            session.CappedExpiry = expirySeconds == requestedSeconds ? null : expirySeconds;
            session.Pending++;
            session.PendingSince = now;
            return Admission.Accepted;
        }
    }

    /// <summary>The connection of <paramref name="connection"/> holds the session now (each connection has a CONNECT packet of its own).</summary>
    public void Connected(string clientId, MqttConnectPacket connection, MqttProtocolVersion version, MqttSession? session)
    {
        lock (_lock)
        {
            var s = _sessions.GetOrAdd(clientId, id => new ClientSession(id));
            if (s.Pending > 0)
                s.Pending--;
            s.Connection = connection;
            s.Version = version;
            s.Session = session;
            ComeBack(s);
        }
    }

    /// <summary>
    /// The connection of <paramref name="connect"/> ended (a taken-over one is not reported: its
    /// successor holds the session). <paramref name="disconnectExpirySeconds"/>: an MQTT 5
    /// DISCONNECT's new expiry, or 0. Returns the seconds the session is now kept for while its
    /// client is away, or null when it ended with the connection (or is not this connection's).
    /// </summary>
    public uint? Disconnected(string clientId, MqttConnectPacket connect, uint disconnectExpirySeconds, long now)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(clientId, out var s))
                return null;
            if (!ReferenceEquals(s.Connection, connect))
            {
                // A connection that ended before it started (its CONNACK could not be sent).
                if (s.Pending > 0)
                    s.Pending--;
                if (s.Connection is not null || s.IsAway || s.Pending > 0)
                    return null;
            }
            s.Connection = null;
            if (disconnectExpirySeconds > 0)
                SetExpiry(s, Math.Min(disconnectExpirySeconds, limits.MaxExpirySeconds));
            if (!SessionExpiry.KeptByMqttnet(s.Version, connect.CleanSession, connect.SessionExpiryInterval, disconnectExpirySeconds))
            {
                Remove(s);
                return null;
            }
            s.AwaySince = now;
            s.Away = _away.AddLast(s);
            return s.ExpirySeconds;
        }
    }

    /// <summary>Sessions whose client has been away longer than their expiry, now being deleted; null when none.</summary>
    public List<string>? Expired(long now)
    {
        lock (_lock)
        {
            List<string>? expired = null;
            for (var node = _away.First; node is not null; node = node.Next)
                if (Expired(node.Value, now))
                    (expired ??= []).Add(BeginDeletion(node.Value));
            return expired;
        }
    }

    /// <summary>MQTTnet has deleted the session (or had none by that id).</summary>
    public void Deleted(string clientId)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(clientId, out var s) || s.Deletion is not { } deletion)
                return;
            Remove(s);
            deletion.TrySetResult();
        }
    }

    /// <summary>Whether the client of this id has a session and is away: only QoS 1 and 2 messages are kept for it then.</summary>
    public bool IsAway(string clientId) => _sessions.TryGetValue(clientId, out var s) && s.IsAway;

    /// <summary>MQTTnet's session of this client id, once a connection held it.</summary>
    public MqttSession? SessionOf(string clientId) => _sessions.TryGetValue(clientId, out var s) ? s.Session : null;

    /// <summary>What the CONNACK tells the client of its session's expiry, when it is not what it asked for; read once.</summary>
    public uint? TakeCappedExpiry(string clientId)
    {
        lock (_lock)
        {
            if (!_sessions.TryGetValue(clientId, out var s))
                return null;
            var capped = s.CappedExpiry;
            s.CappedExpiry = null;
            return capped;
        }
    }

    private bool Deletable(ClientSession s, long now) =>
        s.Deletion is null && s.Connection is null && (s.Pending == 0 || now - s.PendingSince > PendingDeadline);

    private bool Expired(ClientSession s, long now) =>
        s.IsAway && Deletable(s, now) && now - s.AwaySince >= s.ExpirySeconds * 1000L;

    private ClientSession? FirstDeletable(long now)
    {
        for (var node = _away.First; node is not null; node = node.Next)
            if (node.Value.Persistent && Deletable(node.Value, now))
                return node.Value;
        return null;
    }

    private static string BeginDeletion(ClientSession s)
    {
        s.Deletion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return s.ClientId;
    }

    private void SetExpiry(ClientSession s, uint seconds)
    {
        if (s.Persistent != seconds > 0)
            _persistent += seconds > 0 ? 1 : -1;
        s.ExpirySeconds = seconds;
    }

    private void ComeBack(ClientSession s)
    {
        if (s.Away is { } node)
            _away.Remove(node);
        s.Away = null;
    }

    private void Remove(ClientSession s)
    {
        ComeBack(s);
        SetExpiry(s, 0);
        _sessions.TryRemove(s.ClientId, out _);
    }
}
