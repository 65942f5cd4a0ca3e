namespace Snmp.Interop.Tests.NetSnmp;

/// <summary>Finds Net-SNMP's programs for the load tool (the tests' version reports through NUnit).</summary>
internal static class NetSnmpInstallation
{
    public static string Require(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/bin"]))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Net-SNMP's {program} is not installed; install it with `apt-get install snmp snmpd`.");
    }
}
