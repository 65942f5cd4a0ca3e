using System.Diagnostics;

namespace Snmp.Interop.Tests.Processes;

/// <summary>How a fixture ends the peer process it started: the whole tree, waited for, then released.</summary>
internal static class ChildProcess
{
    public static async ValueTask StopAndDisposeAsync(this Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
        }
    }
}
