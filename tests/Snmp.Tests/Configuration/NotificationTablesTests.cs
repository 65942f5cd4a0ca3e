using System.Net;
using Snmp.AbstractServices;
using Snmp.AccessControl.Vacm;
using Snmp.Configuration;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Tests.Configuration;

/// <summary>
/// The agent's notification tables (RFC 3413 sections 4 and 6) and the code-side API writing the
/// same rows the configuration MIBs serve.
/// </summary>
[TestFixture]
public class NotificationTablesTests
{
    private static readonly ObjectIdentifier LinkDown = "1.3.6.1.6.3.1.1.5.3";
    private static readonly ObjectIdentifier IfIndex = "1.3.6.1.2.1.2.2.1.1.7";
    private static readonly ObjectIdentifier IfDescr = "1.3.6.1.2.1.2.2.1.2.7";

    private static NotificationTables WithProfile(params (string Subtree, ViewFamilyType Type)[] families)
    {
        var tables = new NotificationTables();
        tables.FilterProfiles.Put("p", new FilterProfileRow { ParamsName = "p", ProfileName = "f", Status = RowStatus.Active, StorageType = StorageType.NonVolatile });
        foreach (var (subtree, type) in families)
        {
            var oid = new ObjectIdentifier(subtree);
            tables.Filters.Put(("f", oid), new FilterRow { ProfileName = "f", Subtree = oid, Type = type, Status = RowStatus.Active, StorageType = StorageType.NonVolatile });
        }

        return tables;
    }

    [Test]
    public void A_filter_profile_passes_an_included_snmpTrapOID_and_stops_an_excluded_variable()
    {
        var tables = WithProfile(("1.3.6.1.6.3.1.1.5", ViewFamilyType.Included), ("1.3.6.1.2.1.2.2.1.2", ViewFamilyType.Excluded));

        Assert.That(tables.Passes("p", LinkDown, [IfIndex]), Is.True, "ifIndex matches no family");
        Assert.That(tables.Passes("p", LinkDown, [IfIndex, IfDescr]), Is.False, "ifDescr is excluded");
        Assert.That(tables.Passes("p", "1.3.6.1.4.1.99.0.1", []), Is.False, "an snmpTrapOID in no included family");
        Assert.That(tables.Passes("other", "1.3.6.1.4.1.99.0.1", [IfDescr]), Is.True, "parameters without a profile filter nothing");
    }

    [Test]
    public void The_most_specific_family_decides_and_a_notInService_profile_filters_nothing()
    {
        var tables = WithProfile(("1.3.6.1.6.3.1.1.5", ViewFamilyType.Included), ("1.3.6.1.6.3.1.1.5.3", ViewFamilyType.Excluded));
        Assert.That(tables.Passes("p", LinkDown, []), Is.False);
        Assert.That(tables.Passes("p", "1.3.6.1.6.3.1.1.5.4", []), Is.True);

        tables.FilterProfiles.Put("p", new FilterProfileRow { ParamsName = "p", ProfileName = "f", Status = RowStatus.NotInService, StorageType = StorageType.NonVolatile });
        Assert.That(tables.Passes("p", LinkDown, []), Is.True);
    }

    [Test]
    public void Tag_lists_follow_SnmpTagList()
    {
        Assert.That(TagLists.Parse(""), Is.Empty);
        Assert.That(TagLists.Parse("a b\tc\rd\ne"), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That(TagLists.Parse(" a"), Is.Null);
        Assert.That(TagLists.Parse("a "), Is.Null);
        Assert.That(TagLists.Parse("a  b"), Is.Null);
        Assert.That(TagLists.IsTagValue("a b"), Is.False);
    }

    [Test]
    public void TAddress_is_the_address_then_the_port_and_only_known_domains_decode()
    {
        var v4 = TransportAddresses.Encode(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 162), "");
        Assert.That(v4.ToHex(), Is.EqualTo("C000020100A2"));
        Assert.That(TransportAddresses.Decode(TransportDomain.UdpIpv4.Oid, v4), Is.EqualTo((TransportDomain.UdpIpv4, (EndPoint)new IPEndPoint(IPAddress.Parse("192.0.2.1"), 162))));
        var v6 = TransportAddresses.Encode(new IPEndPoint(IPAddress.IPv6Loopback, 10162), "");
        Assert.That(v6.Length, Is.EqualTo(18));
        Assert.That(TransportAddresses.Decode(TransportDomain.UdpIpv6.Oid, v6)?.EndPoint, Is.EqualTo(new IPEndPoint(IPAddress.IPv6Loopback, 10162)));
        Assert.That(TransportAddresses.Decode(TransportDomain.UdpIpv4.Oid, v6), Is.Null, "wrong length for the domain");
        Assert.That(TransportAddresses.Decode(TransportDomain.TlsTcp.Oid, v4), Is.Null, "a domain the agent has no octet form for");
    }

    [Test]
    public async Task What_the_code_adds_is_served_as_permanent_rows()
    {
        await using var agent = new Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"] });
        agent.AddCommunity("private", writable: true);
        agent.AddUser("ops", AuthenticationProtocol.HmacSha256, "ops-auth-pass");
        agent.AddView("ifs", "1.3.6.1.2.1.2");
        agent.AddNotificationTarget(new NotificationTarget("127.0.0.1:16200") { Community = "traps", Inform = true, Filter = [LinkDown] });
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: "private");
        var manager = engine.Manager(agent.Endpoints[0]);
        manager.Timeout = TimeSpan.FromSeconds(5);

        string user = new ObjectIdentifier().AppendIndex(IndexValue.String(agent.LocalEngine.EngineId), "ops").ToString();
        string target = string.Join('.', "target1".Select(c => (int)c));
        var values = await manager.GetAsync(
            $"1.3.6.1.6.3.15.1.2.2.1.5.{user}",  // usmUserAuthProtocol
            $"1.3.6.1.6.3.15.1.2.2.1.12.{user}", // usmUserStorageType
            $"1.3.6.1.6.3.16.1.5.2.1.5.{new ObjectIdentifier().AppendIndex("ifs", IndexValue.Oid(new ObjectIdentifier("1.3.6.1.2.1.2")))}",
            $"1.3.6.1.6.3.12.1.2.1.3.{target}",  // snmpTargetAddrTAddress (16200 = 0x3F48)
            $"1.3.6.1.6.3.12.1.3.1.4.{target}",  // snmpTargetParamsSecurityName
            $"1.3.6.1.6.3.13.1.1.1.3.{target}",  // snmpNotifyType
            $"1.3.6.1.6.3.13.1.3.1.3.{new ObjectIdentifier().AppendIndex("target1", IndexValue.ImpliedOid(LinkDown))}",
            $"1.3.6.1.6.3.18.1.1.1.8.{string.Join('.', "private".Select(c => (int)c))}");

        Assert.That(values[0].Value, Is.EqualTo(AuthenticationProtocol.HmacSha256.Oid));
        Assert.That(values[1].Value, Is.EqualTo(new Integer32((int)StorageType.Permanent)));
        Assert.That(values[2].Value, Is.EqualTo(new Integer32((int)StorageType.Permanent)));
        Assert.That(values[3].Value, Is.EqualTo(OctetString.FromHex("7F0000013F48")));
        Assert.That(values[4].Value, Is.EqualTo(new OctetString("traps")));
        Assert.That(values[5].Value, Is.EqualTo(new Integer32(2)), "inform");
        Assert.That(values[6].Value, Is.EqualTo(new Integer32((int)ViewFamilyType.Included)));
        Assert.That(values[7].Value, Is.EqualTo(new Integer32((int)RowStatus.Active)));
    }
}
