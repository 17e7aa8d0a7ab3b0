namespace Gateway.CrashTest.Report;

/// <summary>One kind in the final check of every cycle's confirmations after the last restart.</summary>
public sealed record KindCheck(string Kind, long Checked, long Lost);
