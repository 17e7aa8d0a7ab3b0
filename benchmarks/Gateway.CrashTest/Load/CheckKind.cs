namespace Gateway.CrashTest.Load;

/// <summary>
/// One kind of thing the gateway acknowledges: what the tool sends, which answer counts as the
/// gateway's promise (<paramref name="ConfirmedBy"/>), and where the tool looks for it after the
/// restart (<paramref name="Place"/>).
/// </summary>
public sealed record CheckKind(string Name, string Sent, string ConfirmedBy, CheckPlace Place)
{
    public override string ToString() => Name;
}
