using System.Runtime.InteropServices;

namespace Gateway.IntegrationTests.Infrastructure;

/// <summary>
/// The two POSIX calls the tests need. .NET has no way to send SIGTERM or SIGINT (Process.Kill is SIGKILL
/// on Linux, which would skip the coordinated shutdown a restart test is about), and no way to
/// ask whether we run as root (PostgreSQL refuses to).
/// </summary>
internal static class Libc
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    public static extern uint GetEffectiveUserId();

    public static bool IsRoot => GetEffectiveUserId() == 0;
}
