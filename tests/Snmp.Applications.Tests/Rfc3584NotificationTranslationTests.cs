using System.Net;
using Snmp.Pdus;
using T = Snmp.Applications.Rfc3584NotificationTranslation;

namespace Snmp.Applications.Tests;

[TestFixture]
public class Rfc3584NotificationTranslationTests
{
    private static readonly ObjectIdentifier Enterprise = "1.3.6.1.4.1.99999.3";
    private static readonly IpAddress AgentAddr = new(IPAddress.Parse("192.0.2.7"));
    private static readonly VarBind Payload = new("1.3.6.1.2.1.2.2.1.1.4", new Integer32(4));

    [TestCase(GenericTrap.ColdStart, "1.3.6.1.6.3.1.1.5.1")]
    [TestCase(GenericTrap.WarmStart, "1.3.6.1.6.3.1.1.5.2")]
    [TestCase(GenericTrap.LinkDown, "1.3.6.1.6.3.1.1.5.3")]
    [TestCase(GenericTrap.LinkUp, "1.3.6.1.6.3.1.1.5.4")]
    [TestCase(GenericTrap.AuthenticationFailure, "1.3.6.1.6.3.1.1.5.5")]
    [TestCase(GenericTrap.EgpNeighborLoss, "1.3.6.1.6.3.1.1.5.6")]
    public void GenericTrapsMapToSnmpTraps(GenericTrap generic, string expected) =>
        Assert.That(T.TrapOid(Enterprise, generic, 0), Is.EqualTo(new ObjectIdentifier(expected)));

    [Test]
    public void EnterpriseSpecificTrapIsEnterpriseZeroSpecific() =>
        Assert.That(T.TrapOid(Enterprise, GenericTrap.EnterpriseSpecific, 17), Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99999.3.0.17")));

    [Test]
    public void UndefinedGenericTrapIsRefused() =>
        Assert.Throws<ArgumentException>(() => T.TrapOid(Enterprise, (GenericTrap)7, 0));

    [Test]
    public void TrapPduBecomesSysUpTimeTrapOidVarBindsThenAddressCommunityEnterprise()
    {
        var trap = new TrapV1Pdu(Enterprise, AgentAddr, GenericTrap.LinkDown, 0, new TimeTicks(1234), new VarBindList(Payload));
        var list = T.ToSnmpV2(trap, new OctetString("public"));
        Assert.That(list.Select(v => v.Oid), Is.EqualTo(new[] { T.SysUpTime0, T.SnmpTrapOid0, Payload.Oid, T.SnmpTrapAddress0, T.SnmpTrapCommunity0, T.SnmpTrapEnterprise0 }));
        Assert.That(list[0].Value, Is.EqualTo(new TimeTicks(1234)));
        Assert.That(list[1].Value, Is.EqualTo(new ObjectIdentifier("1.3.6.1.6.3.1.1.5.3")));
        Assert.That(list[3].Value, Is.EqualTo(AgentAddr));
        Assert.That(list[4].Value, Is.EqualTo(new OctetString("public")));
        Assert.That(list[5].Value, Is.EqualTo(Enterprise));
    }

    [Test]
    public void ObjectsAlreadyInTheTrapAreNotAddedTwice()
    {
        var trap = new TrapV1Pdu(Enterprise, AgentAddr, GenericTrap.ColdStart, 0, new TimeTicks(1),
            new VarBindList(new VarBind(T.SnmpTrapAddress0, new IpAddress(IPAddress.Parse("198.51.100.1")))));
        var list = T.ToSnmpV2(trap);
        Assert.That(list.Count(v => v.Oid.Equals(T.SnmpTrapAddress0)), Is.EqualTo(1));
        Assert.That(list.Find(T.SnmpTrapAddress0), Is.EqualTo(new IpAddress(IPAddress.Parse("198.51.100.1"))));
        Assert.That(list.Find(T.SnmpTrapCommunity0), Is.Null, "no community known, none added");
    }

    [Test]
    public void EnterpriseSpecificNotificationMapsBackWithoutTheZero()
    {
        var trap = T.ToSnmpV1(new VarBindList(
            new VarBind(T.SysUpTime0, new TimeTicks(99)),
            new VarBind(T.SnmpTrapOid0, new ObjectIdentifier("1.3.6.1.4.1.99999.3.0.17")),
            Payload));
        Assert.That(trap.Enterprise, Is.EqualTo(Enterprise));
        Assert.That(trap.GenericTrap, Is.EqualTo(GenericTrap.EnterpriseSpecific));
        Assert.That(trap.SpecificTrap, Is.EqualTo(17));
        Assert.That(trap.TimeStamp, Is.EqualTo(new TimeTicks(99)));
        Assert.That(trap.AgentAddress, Is.EqualTo(new IpAddress(IPAddress.Any)));
        Assert.That(trap.VarBinds, Is.EqualTo(new VarBindList(Payload)));
    }

    [Test]
    public void NotificationOidWithoutZeroLosesOnlyItsLastSubIdentifier()
    {
        var trap = T.ToSnmpV1(new VarBindList(
            new VarBind(T.SysUpTime0, new TimeTicks(0)),
            new VarBind(T.SnmpTrapOid0, new ObjectIdentifier("1.3.6.1.4.1.99999.3.5"))));
        Assert.That(trap.Enterprise, Is.EqualTo(Enterprise));
        Assert.That(trap.SpecificTrap, Is.EqualTo(5));
    }

    [Test]
    public void GenericNotificationTakesEnterpriseAndAddressFromTheirObjects()
    {
        var trap = T.ToSnmpV1(new VarBindList(
            new VarBind(T.SysUpTime0, new TimeTicks(5)),
            new VarBind(T.SnmpTrapOid0, new ObjectIdentifier("1.3.6.1.6.3.1.1.5.4")),
            new VarBind(T.SnmpTrapEnterprise0, Enterprise),
            new VarBind(T.SnmpTrapAddress0, AgentAddr),
            new VarBind("1.3.6.1.2.1.31.1.1.1.6.1", new Counter64(5))));
        Assert.That(trap.GenericTrap, Is.EqualTo(GenericTrap.LinkUp));
        Assert.That(trap.SpecificTrap, Is.Zero);
        Assert.That(trap.Enterprise, Is.EqualTo(Enterprise));
        Assert.That(trap.AgentAddress, Is.EqualTo(AgentAddr));
        Assert.That(trap.VarBinds.Any(v => v.Value is Counter64), Is.False, "SNMPv1 cannot carry Counter64");
    }

    [Test]
    public void GenericNotificationWithoutEnterpriseUsesSnmpTraps() =>
        Assert.That(T.ToSnmpV1(new VarBindList(
            new VarBind(T.SysUpTime0, new TimeTicks(5)),
            new VarBind(T.SnmpTrapOid0, new ObjectIdentifier("1.3.6.1.6.3.1.1.5.1")))).Enterprise, Is.EqualTo(T.SnmpTraps));

    [Test]
    public void NotificationWithoutSysUpTimeAndTrapOidFirstIsRefused() =>
        Assert.Throws<ArgumentException>(() => T.ToSnmpV1(new VarBindList(
            new VarBind(T.SnmpTrapOid0, new ObjectIdentifier("1.3.6.1.6.3.1.1.5.1")),
            new VarBind(T.SysUpTime0, new TimeTicks(5)))));

    [Test]
    public void TrapSurvivesTheRoundTrip()
    {
        var trap = new TrapV1Pdu(Enterprise, AgentAddr, GenericTrap.EnterpriseSpecific, 3, new TimeTicks(77), new VarBindList(Payload));
        var back = T.ToSnmpV1(T.ToSnmpV2(trap));
        Assert.That(back.Enterprise, Is.EqualTo(trap.Enterprise));
        Assert.That(back.AgentAddress, Is.EqualTo(trap.AgentAddress));
        Assert.That(back.SpecificTrap, Is.EqualTo(3));
        Assert.That(back.TimeStamp, Is.EqualTo(trap.TimeStamp));
    }
}
