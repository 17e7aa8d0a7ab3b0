namespace Gateway.Mqtt.Sessions;

/// <summary>What <see cref="SessionRegistry.Admit"/> decided about a CONNECT.</summary>
internal readonly record struct Admission(AdmissionKind Kind, string? Delete = null, Task? Wait = null)
{
    public static Admission Accepted => new(AdmissionKind.Accepted);

    public static Admission Refused => new(AdmissionKind.Refused);

    /// <summary>A session must go first (it expired, or it makes room): delete it, then ask again.</summary>
    public static Admission Expire(string clientId) => new(AdmissionKind.Expire, clientId);

    public static Admission Evict(string clientId) => new(AdmissionKind.Evict, clientId);

    /// <summary>The client's own session is being deleted: wait for that, then ask again.</summary>
    public static Admission WaitFor(Task deletion) => new(AdmissionKind.WaitFor, Wait: deletion);
}

internal enum AdmissionKind
{
    Accepted,
    Refused,
    Expire,
    Evict,
    WaitFor,
}
