namespace Snmp.Interop.Tests.NetSnmp;

/// <summary>
/// Finds Net-SNMP's programs. A missing peer fails the test under CI=true (the README's test
/// command installs it) and is reported as inconclusive elsewhere.
/// </summary>
internal static class NetSnmpInstallation
{
    private static readonly string[] SearchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];

    public static string Require(string program)
    {
        foreach (var dir in SearchPath)
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        var message = $"Net-SNMP's {program} is not installed; install it with `apt-get install snmp snmpd snmptrapd` (the README's test command does this).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        throw new InvalidOperationException(message);
    }
}
