namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// <c>snmp translate</c> beside snmptranslate over the shared IETF modules (-m ALL): names to
/// OIDs and back in each -O style, -Td descriptions, and names that do not resolve. Documented
/// exception: a quoted InetAddress index (<c>ipv4."10.0.0.1"</c>) is read by the library as the
/// address octets (as it prints them), where snmptranslate reads the quoted text as a string.
/// </summary>
public class TranslateToolOracleTests
{
    public static IEnumerable<TestCaseData> Commands()
    {
        foreach (var name in new[] { "SNMPv2-MIB::sysDescr", ".1.3.6.1.2.1.1.1.0", "IF-MIB::ifDescr.3", ".1.3.6.1.2.1.2.2.1.8.1", ".1.3.6.1.6.3.15.1.2.2.1.3" })
        {
            foreach (var o in new[] { "", "-On", "-Of", "-Os" })
            {
                yield return Case($"{o} {name}".Trim());
            }
        }

        foreach (var name in new[] { "IF-MIB::ifOperStatus", "SNMPv2-MIB::sysDescr.0", "IF-MIB::ifEntry", "IF-MIB::ifTable", "IF-MIB::ifInOctets", "IP-MIB::ipAddressIfIndex", "SNMP-FRAMEWORK-MIB::snmpEngineID", "HOST-RESOURCES-MIB::hrStorageAllocationUnits", "SNMPv2-MIB::sysUpTime", "IF-MIB::ifPhysAddress" })
        {
            yield return Case("-Td " + name);
        }

        yield return Case("foo");
        yield return Case("sysDescr.0");
        yield return Case("-IR sysDescr.0");
    }

    private static TestCaseData Case(string line) => new TestCaseData(line).SetArgDisplayNames(line);

    [TestCaseSource(nameof(Commands))]
    public Task Same_as_snmptranslate(string line) =>
        ToolOracle.AssertSameAsync("snmptranslate", ["-M", MibModules.MibValueRenderingTests.FindIetf(), "-m", "ALL", .. ToolOracle.Words(line)]);
}
