namespace Gateway.CrashTest.Targets;

/// <summary>The errors one gateway process logged (<c>fail:</c> and <c>crit:</c> lines), with the first few.</summary>
public sealed record LoggedErrors(int Count, IReadOnlyList<string> First);
