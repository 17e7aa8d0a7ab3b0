namespace Gateway.CrashTest.Load;

/// <summary>Every kind the tool checks: what the README says the gateway journals before it answers.</summary>
public static class CheckKinds
{
    public static readonly CheckKind DroneEvent = new("drone-event", "/drone/{id}/events AED_DEPLOYED, QoS 1", "PUBACK", CheckPlace.RecentEvents);
    public static readonly CheckKind DroneAck = new("drone-ack", "/drone/{id}/events RETURN_TO_BASE_ACKNOWLEDGED, QoS 1", "PUBACK", CheckPlace.CommandAcknowledged);
    public static readonly CheckKind Esp32Alert = new("esp32-alert", "devices/{org}/{id}/alert, QoS 1", "PUBACK", CheckPlace.RecentEvents);
    public static readonly CheckKind Esp32Response = new("esp32-response", "devices/{org}/{id}/command_response, QoS 1", "PUBACK", CheckPlace.CommandAcknowledged);
    public static readonly CheckKind PetalResponse = new("petal-response", "org/{org}/device/{id}/response, QoS 1", "PUBACK", CheckPlace.CommandAcknowledged);
    public static readonly CheckKind AncEmergency = new("anc-emergency", "anc/devices/{id}/emergency, QoS 1", "PUBACK", CheckPlace.RecentEvents);
    public static readonly CheckKind HttpCommand = new("http-command", "POST .../commands (drone, esp32, petal)", "202", CheckPlace.Command);
    public static readonly CheckKind ShadowUpdate = new("shadow-update", "$aws/things/{thing}/shadow/update reported, QoS 1", "update/accepted", CheckPlace.ShadowReported);
    public static readonly CheckKind DesiredPut = new("desired-put", "PUT .../shadow/desired (drone, anc)", "200", CheckPlace.Desired);

    public static readonly IReadOnlyList<CheckKind> All =
        [DroneEvent, DroneAck, Esp32Alert, Esp32Response, PetalResponse, AncEmergency, HttpCommand, ShadowUpdate, DesiredPut];
}
