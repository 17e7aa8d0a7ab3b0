namespace Gateway.MqttHttp;

/// <summary>
/// Where a subscription's callback stands: <c>idle</c> (nothing sent yet), <c>ok</c> (the last
/// message was delivered), <c>retrying</c> (an attempt failed, another follows) or <c>failing</c>
/// (the last message was given up), with the last delivery and the last error.
/// </summary>
public sealed record CallbackHealth(string State, DateTimeOffset? LastDeliveredAt, string? LastError, DateTimeOffset? LastErrorAt)
{
    public const string Idle = "idle";
    public const string Ok = "ok";
    public const string Retrying = "retrying";
    public const string Failing = "failing";

    public static CallbackHealth Initial { get; } = new(Idle, null, null, null);

    public CallbackHealth Delivered(DateTimeOffset at) => this with { State = Ok, LastDeliveredAt = at };

    public CallbackHealth Errored(string state, string error, DateTimeOffset at) => this with { State = state, LastError = error, LastErrorAt = at };
}
