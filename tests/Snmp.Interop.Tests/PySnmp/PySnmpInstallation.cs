using System.Diagnostics;

namespace Snmp.Interop.Tests.PySnmp;

/// <summary>
/// Finds pysnmp 4.4 for Debian's /usr/bin/python3 (python3-pysnmp4). A missing pysnmp fails the
/// test under CI=true (the README's test command installs it) and is inconclusive elsewhere.
/// </summary>
internal static class PySnmpInstallation
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The path of one of the scripts beside this file, as copied to the output directory.</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "PySnmp", name);

    public static async Task RequireAsync()
    {
        if (File.Exists(Python) && await HasPySnmpAsync())
        {
            return;
        }

        var message = "pysnmp 4.4 for /usr/bin/python3 is not installed; install it with `apt-get install python3-pysnmp4` (the README's test command does this).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    private static async Task<bool> HasPySnmpAsync()
    {
        var check = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        check.ArgumentList.Add("-c");
        check.ArgumentList.Add("import pysnmp.entity.engine");
        using var process = Process.Start(check)!;
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }
}
