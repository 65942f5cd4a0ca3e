using System.Diagnostics;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.LoadTool;

/// <summary>Runs one of Net-SNMP's walk programs over snmpd's whole tree and counts the varbind lines it prints.</summary>
internal static class NetSnmpWalkProcess
{
    /// <summary>
    /// <paramref name="tool"/> (snmpwalk, snmpbulkwalk) with <paramref name="arguments"/>, numeric OIDs and no MIBs,
    /// from 1.3 at <paramref name="peer"/>; its own persistent directory, so that no user's files are touched.
    /// </summary>
    public static async Task<int> CountVarBindLinesAsync(string tool, IEnumerable<string> arguments, string peer)
    {
        var start = new ProcessStartInfo(NetSnmpInstallation.Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments.Concat(["-On", "-m", "", peer, "1.3"]))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MIBS"] = "";
        start.Environment["SNMP_PERSISTENT_DIR"] = Path.Combine(Path.GetTempPath(), "snmp-loadtool");
        using var process = Process.Start(start)!;
        int lines = 0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith('.') && !line.Contains("No more variables", StringComparison.Ordinal))
            {
                lines++;
            }
        }

        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return lines;
    }
}
