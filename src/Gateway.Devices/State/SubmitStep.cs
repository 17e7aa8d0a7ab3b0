namespace Gateway.Devices.State;

/// <summary>
/// The decision about a submitted command: an answer now (invalid, or the command already
/// tracked under the requested id), joining a submission of the same id whose write is in
/// flight, or the acceptance and first attempt to journal as one write before anyone hears of it.
/// A refused command a backend published also has its <see cref="Rejection"/> to publish.
/// </summary>
public readonly record struct SubmitStep(object? Answer, string? JoinsCommandId, CommandAccepted? Accepted, CommandAttemptSent? FirstAttempt, MqttPublish? Rejection = null)
{
    public static SubmitStep AnswerNow(object answer) => new(answer, null, null, null);
    public static SubmitStep Join(string commandId) => new(null, commandId, null, null);
    public static SubmitStep Accept(CommandAccepted accepted, CommandAttemptSent first) => new(null, null, accepted, first);
}
