using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Testing;

namespace Snmp.Interop.Tests;

/// <summary>
/// The Engine's Command Generator against Net-SNMP's snmpd (SNMPv1 and SNMPv2c, IPv4 and
/// IPv6); every answer is checked against what Net-SNMP's own tools say for the same request.
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpdCommandGeneratorTests
{
    private static readonly ObjectIdentifier System = "1.3.6.1.2.1.1";
    private static readonly ObjectIdentifier SysDescr = "1.3.6.1.2.1.1.1.0";
    private static readonly ObjectIdentifier SysObjectId = "1.3.6.1.2.1.1.2.0";
    private static readonly ObjectIdentifier SysUpTime = "1.3.6.1.2.1.1.3.0";
    private static readonly ObjectIdentifier SysContact = "1.3.6.1.2.1.1.4.0";
    private static readonly ObjectIdentifier SysLocation = "1.3.6.1.2.1.1.6.0";
    private static readonly ObjectIdentifier IfTable = "1.3.6.1.2.1.2.2";

    private SnmpdFixture _snmpd = null!;
    private Engine _engine = null!;

    [OneTimeSetUp]
    public async Task StartSnmpd()
    {
        _snmpd = await SnmpdFixture.StartAsync();
        _engine = new Engine(SnmpVersion.SNMPv2c, defaultCommunity: SnmpdFixture.ReadCommunity);
    }

    [OneTimeTearDown]
    public async Task StopSnmpd()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        if (_snmpd is not null)
        {
            await _snmpd.DisposeAsync();
        }
    }

    private Manager ManagerFor(SnmpVersion version, bool ipv6 = false, string community = SnmpdFixture.ReadCommunity)
    {
        var manager = _engine.Manager(ipv6 ? _snmpd.Endpoint6 : _snmpd.Endpoint, version, community: community);
        manager.Timeout = TimeSpan.FromSeconds(5);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(500);
        return manager;
    }

    private string PeerFor(bool ipv6) => ipv6 ? _snmpd.Peer6 : _snmpd.Peer;

    private static string VersionArg(SnmpVersion version) => version == SnmpVersion.SNMPv1 ? "-v1" : "-v2c";

    private static void AssertSameAsNetSnmp(IReadOnlyList<VarBind> ours, IReadOnlyList<NetSnmpVarBind> theirs)
    {
        Assert.That(ours.Count, Is.EqualTo(theirs.Count), "varbind count");
        for (int i = 0; i < ours.Count; i++)
        {
            var (type, value) = NetSnmpTools.Render(ours[i].Value);
            Assert.That(ours[i].Oid.ToString(), Is.EqualTo(theirs[i].Oid), $"OID of varbind {i + 1}");
            Assert.That(type, Is.EqualTo(theirs[i].Type), $"type of {theirs[i].Oid}");
            if (type == "Timeticks")
            {
                Assert.That(theirs[i].Value, Does.StartWith("("), $"value of {theirs[i].Oid}");
            }
            else if (type is not ("Counter32" or "Counter64"))
            {
                Assert.That(value, Is.EqualTo(theirs[i].Value), $"value of {theirs[i].Oid}");
            }
        }
    }

    [TestCase(SnmpVersion.SNMPv1, false)]
    [TestCase(SnmpVersion.SNMPv2c, false)]
    [TestCase(SnmpVersion.SNMPv1, true)]
    [TestCase(SnmpVersion.SNMPv2c, true)]
    public async Task Get_matches_snmpget(SnmpVersion version, bool ipv6)
    {
        var manager = ManagerFor(version, ipv6);

        var ours = await manager.GetAsync(SysDescr, SysObjectId, SysUpTime);
        var theirs = await NetSnmpTools.RunAsync("snmpget", VersionArg(version), "-c", SnmpdFixture.ReadCommunity, PeerFor(ipv6), SysDescr.ToString(), SysObjectId.ToString(), SysUpTime.ToString());

        Assert.That(theirs.ExitCode, Is.Zero, theirs.StandardError);
        AssertSameAsNetSnmp(ours, theirs.VarBinds);
        Assert.That(((OctetString)ours[0].Value).ToText(), Does.StartWith("Linux"));
    }

    [Test]
    public async Task Get_of_missing_objects_gives_the_v2_exceptions_like_snmpget()
    {
        var manager = ManagerFor(SnmpVersion.SNMPv2c);
        ObjectIdentifier noObject = "1.3.6.1.2.1.99.0", noInstance = "1.3.6.1.2.1.1.9.1.2.9999";

        var ours = await manager.GetAsync(noObject, noInstance);
        var theirs = await NetSnmpTools.RunAsync("snmpget", "-v2c", "-c", SnmpdFixture.ReadCommunity, _snmpd.Peer, noObject.ToString(), noInstance.ToString());

        Assert.That(ours[0].Value, Is.SameAs(NoSuchObject.Instance));
        Assert.That(ours[1].Value, Is.SameAs(NoSuchInstance.Instance));
        AssertSameAsNetSnmp(ours, theirs.VarBinds);
    }

    [Test]
    public void SNMPv1_get_of_a_missing_object_is_noSuchName_with_its_index()
    {
        var manager = ManagerFor(SnmpVersion.SNMPv1);
        var error = Assert.ThrowsAsync<SnmpNoSuchNameException>(() => manager.GetAsync(SysDescr, "1.3.6.1.2.1.99.0"));
        Assert.That(error!.ErrorIndex, Is.EqualTo(2));
        Assert.That(error.FailedVarBind?.Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.99.0")));
    }

    [TestCase(SnmpVersion.SNMPv1)]
    [TestCase(SnmpVersion.SNMPv2c)]
    public async Task GetNext_matches_snmpgetnext(SnmpVersion version)
    {
        var manager = ManagerFor(version);

        var ours = await manager.GetNextAsync(System, SysContact, IfTable);
        var theirs = await NetSnmpTools.RunAsync("snmpgetnext", VersionArg(version), "-c", SnmpdFixture.ReadCommunity, _snmpd.Peer, System.ToString(), SysContact.ToString(), IfTable.ToString());

        AssertSameAsNetSnmp(ours, theirs.VarBinds);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task GetBulk_matches_snmpbulkget(bool ipv6)
    {
        var manager = ManagerFor(SnmpVersion.SNMPv2c, ipv6);

        var ours = await manager.GetBulkAsync(1, 5, System, IfTable.Append(1, 1), IfTable.Append(1, 2));
        var theirs = await NetSnmpTools.RunAsync("snmpbulkget", "-v2c", "-c", SnmpdFixture.ReadCommunity, "-Cn1", "-Cr5", PeerFor(ipv6), System.ToString(), IfTable.Append(1, 1).ToString(), IfTable.Append(1, 2).ToString());

        Assert.That(ours.Count, Is.EqualTo(1 + 5 * 2));
        AssertSameAsNetSnmp(ours, theirs.VarBinds);
    }

    [Test]
    public async Task GetBulk_past_the_end_of_the_mib_gives_endOfMibView()
    {
        var manager = ManagerFor(SnmpVersion.SNMPv2c);
        var ours = await manager.GetBulkAsync(0, 3, "1.9");
        Assert.That(ours.Count, Is.GreaterThanOrEqualTo(1));
        Assert.That(ours.All(vb => vb.Value is EndOfMibView), Is.True);
    }

    [TestCase(SnmpVersion.SNMPv1, false)]
    [TestCase(SnmpVersion.SNMPv2c, true)]
    public async Task Set_writes_what_snmpget_then_reads(SnmpVersion version, bool ipv6)
    {
        var manager = ManagerFor(version, ipv6, SnmpdFixture.WriteCommunity);
        var contact = new OctetString($"ops-{version}-{Guid.NewGuid():N}@example.org");

        var answer = await manager.SetAsync(new VarBind(SysContact, contact), new VarBind(SysLocation, new OctetString("rack 7")));
        var theirs = await NetSnmpTools.RunAsync("snmpget", "-v2c", "-c", SnmpdFixture.ReadCommunity, _snmpd.Peer, SysContact.ToString(), SysLocation.ToString());

        Assert.That(answer[0].Value, Is.EqualTo(contact));
        AssertSameAsNetSnmp([new VarBind(SysContact, contact), new VarBind(SysLocation, new OctetString("rack 7"))], theirs.VarBinds);
    }

    [Test]
    public void Set_with_the_read_only_community_is_an_error_response_as_snmpset_reports()
    {
        var v2 = Assert.ThrowsAsync<SnmpErrorResponseException>(() => ManagerFor(SnmpVersion.SNMPv2c).SetAsync(new VarBind(SysContact, new OctetString("x"))));
        Assert.That(v2!.ErrorStatus, Is.EqualTo(ErrorStatus.NoAccess));
        Assert.That(v2.ErrorIndex, Is.EqualTo(1));

        // RFC 3584 section 4.4: an SNMPv1 agent reports access errors as noSuchName.
        var v1 = Assert.ThrowsAsync<SnmpNoSuchNameException>(() => ManagerFor(SnmpVersion.SNMPv1).SetAsync(new VarBind(SysContact, new OctetString("x"))));
        Assert.That(v1!.ErrorIndex, Is.EqualTo(1));
    }

    [Test]
    public void Set_of_the_wrong_type_is_wrongType_in_v2c_and_badValue_in_v1()
    {
        var v2 = Assert.ThrowsAsync<SnmpErrorResponseException>(() => ManagerFor(SnmpVersion.SNMPv2c, community: SnmpdFixture.WriteCommunity).SetAsync(new VarBind(SysContact, new Integer32(5))));
        Assert.That(v2!.ErrorStatus, Is.EqualTo(ErrorStatus.WrongType));
        var v1 = Assert.ThrowsAsync<SnmpErrorResponseException>(() => ManagerFor(SnmpVersion.SNMPv1, community: SnmpdFixture.WriteCommunity).SetAsync(new VarBind(SysContact, new Integer32(5))));
        Assert.That(v1!.ErrorStatus, Is.EqualTo(ErrorStatus.BadValue));
    }

    [TestCase(SnmpVersion.SNMPv1, false)]
    [TestCase(SnmpVersion.SNMPv2c, false)]
    [TestCase(SnmpVersion.SNMPv2c, true)]
    public async Task Walking_the_system_group_matches_snmpwalk(SnmpVersion version, bool ipv6)
    {
        var manager = ManagerFor(version, ipv6);

        var ours = new List<VarBind>();
        await foreach (var varBind in manager.WalkAsync(System))
        {
            ours.Add(varBind);
        }

        var theirs = await NetSnmpTools.RunAsync("snmpwalk", VersionArg(version), "-c", SnmpdFixture.ReadCommunity, PeerFor(ipv6), System.ToString());
        Assert.That(ours.Count, Is.GreaterThan(5));
        AssertSameAsNetSnmp(ours, theirs.VarBinds);
    }

    [TestCase(SnmpVersion.SNMPv1)]
    [TestCase(SnmpVersion.SNMPv2c)]
    public async Task Walking_a_leaf_instance_matches_snmpwalk(SnmpVersion version)
    {
        var ours = ManagerFor(version).Walk(SysDescr).ToList();
        var theirs = await NetSnmpTools.RunAsync("snmpwalk", VersionArg(version), "-c", SnmpdFixture.ReadCommunity, _snmpd.Peer, SysDescr.ToString());
        Assert.That(ours, Has.Count.EqualTo(1));
        AssertSameAsNetSnmp(ours, theirs.VarBinds);
    }

    [Test]
    public async Task A_bulk_walk_of_mib_2_returns_what_snmpbulkwalk_returns()
    {
        var manager = ManagerFor(SnmpVersion.SNMPv2c);
        ObjectIdentifier mib2 = "1.3.6.1.2.1";

        var ours = manager.Walk(mib2).ToList();
        var theirs = await NetSnmpTools.RunAsync("snmpbulkwalk", "-v2c", "-c", SnmpdFixture.ReadCommunity, "-Cr25", _snmpd.Peer, mib2.ToString());

        // Values of counters and clocks move between the two walks; names and types must agree,
        // except for rows that appear or vanish meanwhile: sockets (tcp, udp: other processes on a
        // shared machine open thousands) and processes (host resources). So: the same groups in
        // both walks, the rest of the walk by size, and the stable groups exactly.
        Assert.That(ours.Count, Is.GreaterThan(100));
        static uint Group(string oid) => new ObjectIdentifier(oid)[6];
        Assert.That(ours.Select(vb => vb.Oid[6]).Distinct(), Is.EqualTo(theirs.VarBinds.Select(vb => Group(vb.Oid)).Distinct()), "the mib-2 groups walked");
        uint[] volatileGroups = [6, 7, 25]; // tcp, udp, host
        int oursSteady = ours.Count(vb => !volatileGroups.Contains(vb.Oid[6]));
        int theirsSteady = theirs.VarBinds.Count(vb => !volatileGroups.Contains(Group(vb.Oid)));
        Assert.That(oursSteady, Is.EqualTo(theirsSteady).Within(oursSteady / 20), "the walk's size outside tcp, udp and host resources");
        var stable = new ObjectIdentifier[] { System, "1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.4.20" };
        foreach (var subtree in stable)
        {
            var mine = ours.Where(vb => subtree.IsAncestorOf(vb.Oid)).Select(vb => (vb.Oid.ToString(), NetSnmpTools.Render(vb.Value).Type)).ToList();
            var net = theirs.VarBinds.Where(vb => subtree.IsAncestorOf(new ObjectIdentifier(vb.Oid))).Select(vb => (vb.Oid, vb.Type)).ToList();
            Assert.That(mine, Is.EqualTo(net), $"the {subtree} subtree");
        }

        for (int i = 1; i < ours.Count; i++)
        {
            Assert.That(ours[i].Oid > ours[i - 1].Oid, Is.True, $"walk order at {ours[i].Oid}");
        }
    }

    [Test]
    public async Task A_wrong_community_times_out_because_the_agent_stays_silent()
    {
        // The request's timing runs on a fake clock, so how many transmissions fit in the timeout
        // follows from the schedule, not from how busy the machine is.
        var clock = new SteppedClock();
        await using var engine = new Engine(new EngineOptions { DefaultVersion = SnmpVersion.SNMPv2c, DefaultDomain = TransportDomain.UdpIpv4, DefaultSecurityModel = SecurityModel.Usm, DefaultCommunity = new OctetString("not-the-community"), Autowait = true }, null, null, clock);
        var manager = engine.Manager(_snmpd.Endpoint);
        manager.Timeout = TimeSpan.FromSeconds(1);
        manager.RefreshPeriod = TimeSpan.FromMilliseconds(300);
        var refusedBefore = await SnmpInBadCommunityNamesAsync();

        var error = Assert.ThrowsAsync<SnmpTimeoutException>(() => clock.RunAsync(manager.GetAsync(SysDescr)));
        Assert.That(error!.Peer, Is.EqualTo(_snmpd.Endpoint));
        Assert.That(error.Transmissions, Is.EqualTo(4), "at 0, 300, 600 and 900 ms of a 1 s timeout");
        // snmpd reads its socket in order, so it has refused all four (RFC 3584 5.2.1: silently)
        // before it answers the question that follows them.
        Assert.That(await SnmpInBadCommunityNamesAsync() - refusedBefore, Is.EqualTo(4), "snmpInBadCommunityNames counted every transmission");
    }

    private async Task<uint> SnmpInBadCommunityNamesAsync() =>
        ((Counter32)(await ManagerFor(SnmpVersion.SNMPv2c).GetAsync("1.3.6.1.2.1.11.4.0"))[0].Value).Value;

    [Test]
    public async Task Many_requests_in_flight_across_managers_all_complete()
    {
        var managers = new[]
        {
            ManagerFor(SnmpVersion.SNMPv1), ManagerFor(SnmpVersion.SNMPv2c),
            ManagerFor(SnmpVersion.SNMPv1, ipv6: true), ManagerFor(SnmpVersion.SNMPv2c, ipv6: true),
        };
        foreach (var manager in managers)
        {
            manager.Timeout = TimeSpan.FromSeconds(20);
        }

        var expected = (await managers[1].GetAsync(SysDescr))[0];
        var tasks = Enumerable.Range(0, 400).Select(i => managers[i % managers.Length].GetAsync(SysDescr)).ToArray();
        var results = await Task.WhenAll(tasks);

        Assert.That(results.All(r => r.Count == 1 && r[0].Equals(expected)), Is.True);
    }

    [Test]
    public void A_non_blocking_handle_and_the_poller_work_against_snmpd()
    {
        var manager = _engine.Manager(_snmpd.Endpoint, SnmpVersion.SNMPv2c, autowait: false);
        var poller = _engine.Poller();
        var handles = new[] { manager.BeginGet(SysDescr), manager.BeginGetNext(System), manager.BeginGetBulk(0, 3, IfTable) };
        foreach (var handle in handles)
        {
            poller.Register(handle);
        }

        var done = new List<RequestHandle>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (poller.Count > 0 && DateTime.UtcNow < deadline)
        {
            done.AddRange(poller.Wait(TimeSpan.FromSeconds(1)));
        }

        Assert.That(done, Is.EquivalentTo(handles));
        Assert.That(handles[0].Wait()[0].Oid, Is.EqualTo(SysDescr));
        Assert.That(handles[2].Wait(), Has.Count.EqualTo(3));
    }
}
