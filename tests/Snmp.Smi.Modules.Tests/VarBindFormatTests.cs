namespace Snmp.Smi.Modules.Tests;

/// <summary>
/// MibModuleSet.Format(VarBind): a variable binding as Net-SNMP's snmpget prints it by default
/// (the same lines against snmpd are in Snmp.Interop.Tests, VarBindFormatInteropTests), and the
/// set as the facade's IObjectNameResolver.
/// </summary>
[TestFixture]
public class VarBindFormatTests
{
    private static readonly Lazy<MibModuleSet> Ietf = new(() =>
    {
        var set = new MibModuleSet(MibCorpus.Ietf);
        set.LoadAll();
        return set;
    });

    [TestCase("IF-MIB::ifOperStatus.3", "INTEGER:1", "IF-MIB::ifOperStatus.3 = INTEGER: up(1)")]
    [TestCase("IF-MIB::ifOperStatus.3", "INTEGER:42", "IF-MIB::ifOperStatus.3 = INTEGER: 42")]
    [TestCase("IF-MIB::ifDescr.2", "STRING:eth0", "IF-MIB::ifDescr.2 = STRING: eth0")]
    [TestCase("IF-MIB::ifPhysAddress.2", "HEX:0002B3A1C2D3", "IF-MIB::ifPhysAddress.2 = STRING: 0:2:b3:a1:c2:d3")]
    [TestCase("IF-MIB::ifInOctets.2", "COUNTER:77", "IF-MIB::ifInOctets.2 = Counter32: 77")]
    [TestCase("IF-MIB::ifSpeed.2", "GAUGE:1000", "IF-MIB::ifSpeed.2 = Gauge32: 1000")]
    [TestCase("SNMPv2-MIB::sysUpTime.0", "TICKS:8640100", "DISMAN-EXPRESSION-MIB::sysUpTimeInstance = Timeticks: (8640100) 1 day, 0:00:01.00")]
    [TestCase("SNMPv2-MIB::sysObjectID.0", "OID:1.3.6.1.2.1.2.2.1.2.3", "SNMPv2-MIB::sysObjectID.0 = OID: IF-MIB::ifDescr.3")]
    [TestCase("SNMP-FRAMEWORK-MIB::snmpEngineID.0", "HEX:80001F8880", "SNMP-FRAMEWORK-MIB::snmpEngineID.0 = Hex-STRING: 80 00 1F 88 80")]
    [TestCase("EtherLike-MIB::dot3ControlFunctionsSupported.2", "HEX:C0", "EtherLike-MIB::dot3ControlFunctionsSupported.2 = BITS: C0 pause(0) 1")]
    [TestCase("EtherLike-MIB::dot3ControlFunctionsSupported.2", "HEX:", "EtherLike-MIB::dot3ControlFunctionsSupported.2 = BITS: ")]
    [TestCase("RFC1213-MIB::atNetAddress.4.1.192.0.2.1", "IPADDRESS:192.0.2.1", "RFC1213-MIB::atNetAddress.4.1.192.0.2.1 = Network Address: C0:00:02:01")]
    [TestCase("IP-MIB::ipAdEntAddr.192.0.2.1", "IPADDRESS:192.0.2.1", "RFC1213-MIB::ipAdEntAddr.192.0.2.1 = IpAddress: 192.0.2.1")]
    [TestCase("IF-MIB::ifAlias.2", "NOSUCHINSTANCE:", "IF-MIB::ifAlias.2 = No Such Instance currently exists at this OID")]
    [TestCase("1.3.6.1.2.1.2.2.1.2.3", "NOSUCHOBJECT:", "IF-MIB::ifDescr.3 = No Such Object available on this agent at this OID")]
    public void A_varbind_reads_as_snmpget_prints_it(string name, string value, string expected)
    {
        var set = Ietf.Value;
        var varBind = new VarBind(set.Resolve(name), Value(value));
        Assert.That(set.Format(varBind), Is.EqualTo(expected));
    }

    [Test]
    public void An_octet_string_without_a_hint_is_quoted_when_printable()
    {
        var set = Ietf.Value;
        var oid = new ObjectIdentifier("1.3.6.1.4.1.99999.1.0");   // no module defines it
        Assert.That(set.Format(new VarBind(oid, new OctetString("hi"))), Is.EqualTo("SNMPv2-SMI::enterprises.99999.1.0 = STRING: \"hi\""));
        Assert.That(set.Format(new VarBind(oid, new Integer32(-5))), Is.EqualTo("SNMPv2-SMI::enterprises.99999.1.0 = INTEGER: -5"));
    }

    [Test]
    public void The_set_is_the_facades_name_resolver()
    {
        IObjectNameResolver resolver = Ietf.Value;
        Assert.That(resolver.TryResolve("IF-MIB::ifDescr.3", out var oid), Is.True);
        Assert.That(oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.2.2.1.2.3")));
        Assert.That(resolver.TryResolve("IF-MIB::noSuchObject", out _), Is.False);
        Assert.That(resolver.FormatInstance(new ObjectIdentifier("1.3.6.1.2.1.4.34.1.3.1.4.192.0.2.1")), Is.EqualTo("IP-MIB::ipAddressIfIndex.ipv4.\"192.0.2.1\""));
    }

    private static SnmpValue Value(string spec)
    {
        var colon = spec.IndexOf(':');
        var (kind, text) = (spec[..colon], spec[(colon + 1)..]);
        return kind switch
        {
            "INTEGER" => new Integer32(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
            "STRING" => new OctetString(text),
            "HEX" => OctetString.FromHex(text),
            "COUNTER" => new Counter32(uint.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
            "GAUGE" => new Gauge32(uint.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
            "TICKS" => new TimeTicks(uint.Parse(text, System.Globalization.CultureInfo.InvariantCulture)),
            "OID" => new ObjectIdentifier(text),
            "IPADDRESS" => IpAddress.Parse(text),
            "NOSUCHINSTANCE" => NoSuchInstance.Instance,
            "NOSUCHOBJECT" => NoSuchObject.Instance,
            _ => throw new ArgumentException(spec),
        };
    }
}
