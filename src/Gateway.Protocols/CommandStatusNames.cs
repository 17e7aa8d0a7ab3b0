using Gateway.Contracts.Views;

namespace Gateway.Protocols;

/// <summary>
/// How a family spells the outcome of a command. The gateway tracks one lifecycle for all of
/// them; the API and the MQTT publications use the family's own words (an ESP32 command ends in
/// <c>timeout</c>, as its document says, where a drone command ends <c>timed_out</c>).
/// </summary>
public sealed record CommandStatusNames(string Acknowledged, string Failed, string TimedOut)
{
    public static CommandStatusNames Default { get; } = new(CommandStatus.Acknowledged, CommandStatus.Failed, CommandStatus.TimedOut);
}
