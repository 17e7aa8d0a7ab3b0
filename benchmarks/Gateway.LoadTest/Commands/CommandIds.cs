namespace Gateway.LoadTest.Commands;

/// <summary>
/// The tool picks each command's id itself (every commandable family accepts a caller's id), and
/// the id says whether the device is to acknowledge it or ignore it, so devices and the HTTP side
/// agree without sharing state, and an acknowledged command that still times out stands out.
/// </summary>
public static class CommandIds
{
    private const string IgnoreSuffix = "-i";
    private const string AcknowledgeSuffix = "-a";

    public static string Create(string runTag, long number, bool ignore) =>
        $"{runTag}-c{number}{(ignore ? IgnoreSuffix : AcknowledgeSuffix)}";

    public static bool IsToBeIgnored(string commandId) => commandId.EndsWith(IgnoreSuffix, StringComparison.Ordinal);
}
