using System.Runtime.InteropServices;

namespace Gateway.LoadTest.Targets;

/// <summary>
/// SIGTERM, which .NET cannot send (Process.Kill is SIGKILL on Linux): the gateway and mosquitto
/// shut down cleanly on it, so the gateway's log ends with its coordinated shutdown.
/// </summary>
internal static class Posix
{
    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;
}
