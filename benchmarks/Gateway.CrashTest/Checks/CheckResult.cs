using Gateway.CrashTest.Load;

namespace Gateway.CrashTest.Checks;

/// <summary>
/// What one check found: per kind how many confirmations were looked for and how many were missing,
/// with the first missing ones described, and how many command answers were found recorded as late
/// (taken after their command had timed out).
/// </summary>
public sealed record CheckResult(IReadOnlyDictionary<CheckKind, long> Checked, IReadOnlyDictionary<CheckKind, long> Lost, IReadOnlyList<string> LostExamples,
    long LateAnswers)
{
    public long TotalChecked => Checked.Values.Sum();

    public long TotalLost => Lost.Values.Sum();
}
