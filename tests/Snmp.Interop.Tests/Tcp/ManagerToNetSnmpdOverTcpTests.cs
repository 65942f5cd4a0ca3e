using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Security.Usm;

namespace Snmp.Interop.Tests.Tcp;

/// <summary>
/// Our Manager against Net-SNMP's snmpd over TCP (RFC 3430, "tcp:127.0.0.1:port" and
/// "tcp6:[::1]:port"): SNMPv1, SNMPv2c and SNMPv3 with USM authPriv, Get, GetNext, GetBulk,
/// Set and a walk, each answer checked against Net-SNMP's own snmpget over the same TCP address.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ManagerToNetSnmpdOverTcpTests
{
    private const string User = "tcp-sha-aes";
    private const string AuthPassword = "tcp-auth-pass";
    private const string PrivPassword = "tcp-priv-pass";
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier SysObjectId = "1.3.6.1.2.1.1.2.0";
    private static readonly ObjectIdentifier SysContact = "1.3.6.1.2.1.1.4.0";
    private static readonly ObjectIdentifier SysName = "1.3.6.1.2.1.1.5.0";
    private static readonly ObjectIdentifier SysLocation = "1.3.6.1.2.1.1.6.0";

    private SnmpdFixture _snmpd = null!;

    [OneTimeSetUp]
    public async Task StartSnmpd()
    {
        _snmpd = await SnmpdFixture.StartAsync(
            [$"createUser {User} SHA \"{AuthPassword}\" AES \"{PrivPassword}\"", $"rwuser {User} priv"],
            tcp: true);
    }

    [OneTimeTearDown]
    public async Task StopSnmpd()
    {
        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    private static Manager Patient(Manager manager)
    {
        // Bounded waits for a real daemon; TCP carries every message, so no retransmission is needed.
        manager.Timeout = TimeSpan.FromSeconds(10);
        manager.RefreshPeriod = TimeSpan.FromSeconds(10);
        return manager;
    }

    private static string[] CommunityArgs(SnmpVersion version, string community) =>
        [version == SnmpVersion.SNMPv1 ? "-v1" : "-v2c", "-c", community];

    private static readonly string[] V3Args = ["-v3", "-l", "authPriv", "-u", User, "-a", "SHA", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword];

    private static void AssertSameValues(IReadOnlyList<VarBind> ours, NetSnmpResult theirs)
    {
        Assert.That(theirs.ExitCode, Is.Zero, theirs.StandardError);
        Assert.That(ours.Select(vb => vb.Oid.ToString()), Is.EqualTo(theirs.VarBinds.Select(vb => vb.Oid)));
        Assert.That(ours.Select(vb => NetSnmpTools.Stable(NetSnmpTools.Render(vb.Value).Type, NetSnmpTools.Render(vb.Value).Value)),
            Is.EqualTo(theirs.VarBinds.Select(vb => NetSnmpTools.Stable(vb.Type, vb.Value))));
    }

    private async Task RunTheOperationsAsync(Manager manager, string[] netSnmpArgs, string peer, bool bulk, string contactValue)
    {
        // Get, as snmpget over the same TCP address sees it.
        var get = await manager.GetAsync(SysDescr, SysObjectId, SysName);
        AssertSameValues(get, await NetSnmpTools.RunAsync("snmpget", [.. netSnmpArgs, peer, SysDescr.ToString(), SysObjectId.ToString(), SysName.ToString()]));
        Assert.That(((OctetString)get[0].Value).ToText(), Does.StartWith("Linux"));

        var next = await manager.GetNextAsync(System, SysContact);
        AssertSameValues(next, await NetSnmpTools.RunAsync("snmpgetnext", [.. netSnmpArgs, peer, System.ToString(), SysContact.ToString()]));

        if (bulk)
        {
            var bulkAnswer = await manager.GetBulkAsync(1, 4, System, System);
            AssertSameValues(bulkAnswer, await NetSnmpTools.RunAsync("snmpbulkget", [.. netSnmpArgs, "-Cn1", "-Cr4", peer, System.ToString(), System.ToString()]));
            Assert.That(bulkAnswer, Has.Count.EqualTo(5));
        }

        // Set, then read back by both.
        var contact = new OctetString(contactValue);
        await manager.SetAsync(new VarBind(SysContact, contact));
        Assert.That((await manager.GetAsync(SysContact))[0].Value, Is.EqualTo(contact));
        var theirs = await NetSnmpTools.RunAsync("snmpget", [.. netSnmpArgs, peer, SysContact.ToString()]);
        Assert.That(theirs.VarBinds.Single().Value, Is.EqualTo(NetSnmpTools.Render(contact).Value));

        // A walk of the system group, as snmpwalk over TCP sees it.
        var walked = new List<VarBind>();
        await foreach (var vb in manager.WalkAsync(System))
        {
            walked.Add(vb);
        }

        var theirWalk = await NetSnmpTools.RunAsync("snmpwalk", [.. netSnmpArgs, peer, System.ToString()]);
        AssertSameValues(walked, theirWalk);
        Assert.That(walked.Count, Is.GreaterThan(5));
    }

    [TestCase(SnmpVersion.SNMPv1, false)]
    [TestCase(SnmpVersion.SNMPv2c, false)]
    [TestCase(SnmpVersion.SNMPv2c, true)]
    public async Task Community_requests_over_tcp_match_snmpget_over_tcp(SnmpVersion version, bool ipv6)
    {
        await using var engine = new Engine(version, defaultCommunity: SnmpdFixture.WriteCommunity);
        string peer = ipv6 ? _snmpd.TcpPeer6 : _snmpd.TcpPeer;
        var manager = Patient(engine.Manager(peer, version));

        await RunTheOperationsAsync(manager, CommunityArgs(version, SnmpdFixture.WriteCommunity), peer, bulk: version != SnmpVersion.SNMPv1, $"tcp-{version}-{(ipv6 ? 6 : 4)}@example.org");
    }

    [Test]
    public async Task SNMPv3_authPriv_requests_over_tcp_match_snmpget_over_tcp()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv3);
        engine.Usm.AddUser(User, AuthenticationProtocol.HmacSha1, AuthPassword, PrivacyProtocol.Aes128, PrivPassword);
        var manager = Patient(engine.Manager(_snmpd.TcpPeer));

        await RunTheOperationsAsync(manager, V3Args, _snmpd.TcpPeer, bulk: true, "tcp-v3@example.org");
        Assert.That(manager.EngineId, Is.Not.Null, "the engine id was discovered over TCP");
    }

    [Test]
    public async Task A_blocking_Get_and_a_request_after_snmpd_restarts_are_answered()
    {
        await using var engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
        var manager = Patient(engine.Manager(_snmpd.TcpPeer));

        // The blocking form: TCP lends no exchange, so the read loop completes the request.
        Assert.That(((OctetString)manager.Get(SysDescr)[0].Value).ToText(), Does.StartWith("Linux"));

        // snmpd restarting closes our connection; the next request opens another (retransmitted
        // should it have been written to the old connection before its close was seen).
        manager.RefreshPeriod = TimeSpan.FromSeconds(2);
        await _snmpd.RestartAsync();
        var location = await manager.GetAsync(SysLocation);
        Assert.That(location[0].Oid, Is.EqualTo(SysLocation));
    }
}
