using System.Net;
using Moq;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Applications.Tests;

[TestFixture]
public class CommandResponderTests
{
    private static readonly ObjectIdentifier Hidden = "1.3.6.1.4.1.99.5";
    private static readonly ObjectIdentifier Big = "1.3.6.1.4.1.99.6";

    private MibTree _mib = null!;
    private SnmpStatistics _statistics = null!;
    private Mock<IAccessControlModel> _access = null!;
    private CommandResponder _responder = null!;

    [SetUp]
    public void SetUp()
    {
        _mib = new MibTree();
        _mib.AddScalar("1.3.6.1.2.1.1.1", new OctetString("descr"));
        _mib.AddScalar("1.3.6.1.2.1.1.2", new ObjectIdentifier("1.3.6.1.4.1.99"));
        _mib.Register(new MibScalar("1.3.6.1.2.1.1.4", new OctetString("contact"), writable: true));
        _mib.Register(new MibScalar("1.3.6.1.2.1.1.5", new OctetString("name"), writable: true));
        _mib.AddScalar(Hidden, new Integer32(5));
        _mib.AddScalar(Big, new Counter64(1UL << 40));
        _statistics = new SnmpStatistics();
        _access = new Mock<IAccessControlModel>();
        // Everything readable and writable except the Hidden subtree; securityName "bad" is in no group.
        _access.Setup(a => a.IsAccessAllowed(It.IsAny<SecurityModel>(), It.IsAny<OctetString>(), It.IsAny<SecurityLevel>(), It.IsAny<ViewType>(), It.IsAny<OctetString>(), It.IsAny<ObjectIdentifier>()))
            .Returns((SecurityModel _, OctetString name, SecurityLevel _, ViewType view, OctetString _, ObjectIdentifier oid) =>
                name.Equals(new OctetString("bad")) ? AccessDecision.NoGroupName
                : name.Equals(new OctetString("broken")) ? AccessDecision.OtherError
                : name.Equals(new OctetString("reader")) && view == ViewType.Write ? AccessDecision.NoSuchView
                : oid.StartsWith(Hidden) ? AccessDecision.NotInView
                : AccessDecision.AccessAllowed);
        _responder = new CommandResponder(Mock.Of<IDispatcher>(), name => name.Length == 0 ? _mib : null, _access.Object, _statistics);
    }

    private static ProcessPduParameters Request(SnmpPdu pdu, SnmpVersion model = SnmpVersion.SNMPv2c, string securityName = "public", string context = "", int maxSize = 65000) =>
        new(model, model switch { SnmpVersion.SNMPv1 => SecurityModel.SNMPv1, SnmpVersion.SNMPv2c => SecurityModel.SNMPv2c, _ => SecurityModel.Usm },
            new OctetString(securityName), model == SnmpVersion.SNMPv3 ? SecurityLevel.AuthPriv : SecurityLevel.NoAuthNoPriv,
            OctetString.Empty, new OctetString(context), pdu, maxSize, new object(), new TransportStateReference(TransportDomain.UdpIpv4, new IPEndPoint(IPAddress.Loopback, 5000)));

    private static Pdu Get(PduType type, params string[] oids) => new(type, 42, VarBindList.ForRequest([.. oids.Select(o => new ObjectIdentifier(o))]));

    private async Task<Pdu> Process(ProcessPduParameters request) => (Pdu)(await _responder.ProcessAsync(request))!;

    [Test]
    public async Task Get_answers_values_and_noSuchObject_for_what_is_outside_the_view()
    {
        var response = await Process(Request(Get(PduType.GetRequest, "1.3.6.1.2.1.1.1.0", "1.3.6.1.4.1.99.5.0", "1.3.6.1.2.1.1.1.1")));

        Assert.That(response.Type, Is.EqualTo(PduType.Response));
        Assert.That(response.RequestId, Is.EqualTo(42));
        Assert.That(response.VarBinds.Select(v => v.Value), Is.EqualTo(new SnmpValue[] { new OctetString("descr"), NoSuchObject.Instance, NoSuchInstance.Instance }));
        Assert.That(_statistics[SnmpCounter.SnmpInTotalReqVars], Is.EqualTo(3));
    }

    [Test]
    public async Task SNMPv1_gets_noSuchName_at_the_first_exception_and_never_a_Counter64()
    {
        var get = await Process(Request(Get(PduType.GetRequest, "1.3.6.1.2.1.1.1.0", "1.3.6.1.4.1.99.6.0"), SnmpVersion.SNMPv1));
        Assert.That((get.ErrorStatus, get.ErrorIndex), Is.EqualTo((ErrorStatus.NoSuchName, 2)));
        Assert.That(get.VarBinds[1].Value, Is.SameAs(Null.Instance), "the request's varbinds come back");

        var next = await Process(Request(Get(PduType.GetNextRequest, "1.3.6.1.4.1.99.5.0"), SnmpVersion.SNMPv1));
        Assert.That((next.ErrorStatus, next.ErrorIndex), Is.EqualTo((ErrorStatus.NoSuchName, 1)), "the Counter64 is skipped, then the MIB ends");

        var v2 = await Process(Request(Get(PduType.GetNextRequest, "1.3.6.1.4.1.99.5.0")));
        Assert.That(v2.VarBinds[0].Value, Is.EqualTo(new Counter64(1UL << 40)));
    }

    [Test]
    public async Task GetNext_skips_what_is_not_in_view_and_ends_with_endOfMibView()
    {
        var response = await Process(Request(Get(PduType.GetNextRequest, "1.3.6.1.2.1.1.5.0", "1.3.6.1.4.1.99.6.0")));

        Assert.That(response.VarBinds[0].Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99.6.0")), "99.5 is skipped");
        Assert.That(response.VarBinds[1], Is.EqualTo(new VarBind("1.3.6.1.4.1.99.6.0", EndOfMibView.Instance)));
    }

    [Test]
    public async Task GetNext_jumps_over_a_whole_registration_the_access_model_says_is_excluded()
    {
        _mib.Unregister(_mib.Find("1.3.6.1.4.1.99.5.0")!);
        var hidden = _mib.AddTable("1.3.6.1.4.1.99.5.1", new MibColumn(1, SnmpType.Integer32), new MibColumn(2, SnmpType.Integer32));
        for (uint i = 1; i <= 5000; i++)
        {
            hidden.SetRow(new ObjectIdentifier(i), new Integer32((int)i), new Integer32((int)i));
        }

        var access = new Mock<IAccessControlModel>();
        int questions = 0;
        access.Setup(a => a.IsAccessAllowed(It.IsAny<SecurityModel>(), It.IsAny<OctetString>(), It.IsAny<SecurityLevel>(), It.IsAny<ViewType>(), It.IsAny<OctetString>(), It.IsAny<ObjectIdentifier>()))
            .Returns((SecurityModel _, OctetString _, SecurityLevel _, ViewType _, OctetString _, ObjectIdentifier oid) =>
            {
                questions++;
                return oid.StartsWith(Hidden) ? AccessDecision.NotInView : AccessDecision.AccessAllowed;
            });
        access.As<IViewSubtreeAccess>()
            .Setup(a => a.IsSubtreeExcluded(It.IsAny<SecurityModel>(), It.IsAny<OctetString>(), It.IsAny<SecurityLevel>(), It.IsAny<ViewType>(), It.IsAny<OctetString>(), It.IsAny<ObjectIdentifier>()))
            .Returns((SecurityModel _, OctetString _, SecurityLevel _, ViewType _, OctetString _, ObjectIdentifier subtree) => subtree.StartsWith(Hidden));
        var responder = new CommandResponder(Mock.Of<IDispatcher>(), _ => _mib, access.Object, _statistics);

        var response = (Pdu)(await responder.ProcessAsync(Request(Get(PduType.GetNextRequest, "1.3.6.1.2.1.1.5.0"))))!;

        Assert.That(response.VarBinds[0].Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99.6.0")), "the hidden table is skipped");
        Assert.That(questions, Is.LessThan(10), "one jump, not 10000 questions");
    }

    [Test]
    public async Task GetBulk_repeats_the_repeaters_after_the_non_repeaters_and_stops_when_all_have_ended()
    {
        var bulk = new BulkPdu(7, 1, 10, VarBindList.ForRequest("1.3.6.1.2.1.1", "1.3.6.1.2.1.1.4.0", "1.3.6.1.4.1.99.6.0"));

        var response = await Process(Request(bulk));

        Assert.That(response.VarBinds.Select(v => $"{v.Oid}={v.Value.Type}"), Is.EqualTo(new[]
        {
            "1.3.6.1.2.1.1.1.0=OctetString",
            "1.3.6.1.2.1.1.5.0=OctetString", "1.3.6.1.4.1.99.6.0=EndOfMibView",
            "1.3.6.1.4.1.99.6.0=Counter64", "1.3.6.1.4.1.99.6.0=EndOfMibView",
            "1.3.6.1.4.1.99.6.0=EndOfMibView", "1.3.6.1.4.1.99.6.0=EndOfMibView",
        }));
    }

    [Test]
    public async Task GetBulk_with_a_huge_max_repetitions_is_cut_to_the_size_limit()
    {
        var table = _mib.AddTable("1.3.6.1.4.1.99.7.1", new MibColumn(1, SnmpType.OctetString));
        for (uint i = 1; i <= 2000; i++)
        {
            table.SetRow(new ObjectIdentifier(i), new OctetString(new string('x', 40)));
        }

        var bulk = new BulkPdu(7, 0, int.MaxValue, VarBindList.ForRequest("1.3.6.1.4.1.99.7"));
        var response = await Process(Request(bulk, maxSize: 1500));

        Assert.That(response.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
        Assert.That(response.VarBinds.Count, Is.InRange(10, 30));
        Assert.That(Ber.SnmpMessageCodec.Encode(response, SnmpVersion.SNMPv2c).Length, Is.LessThanOrEqualTo(1500));
        Assert.That(response.VarBinds[^1].Oid, Is.EqualTo(new ObjectIdentifier($"1.3.6.1.4.1.99.7.1.1.{response.VarBinds.Count}")), "a prefix of the answer, in order");
    }

    [Test]
    public async Task A_GetBulk_cut_for_size_ends_at_a_whole_repetition()
    {
        var table = _mib.AddTable("1.3.6.1.4.1.99.7.1", new MibColumn(1, SnmpType.OctetString), new MibColumn(2, SnmpType.OctetString), new MibColumn(3, SnmpType.OctetString));
        for (uint i = 1; i <= 500; i++)
        {
            table.SetRow(new ObjectIdentifier(i), new OctetString(new string('a', 30)), new OctetString(new string('b', 30)), new OctetString(new string('c', 30)));
        }

        foreach (int limit in new[] { 700, 900, 1400, 3000 })
        {
            var bulk = new BulkPdu(7, 1, 1000, VarBindList.ForRequest("1.3.6.1.2.1.1", "1.3.6.1.4.1.99.7.1.1", "1.3.6.1.4.1.99.7.1.2", "1.3.6.1.4.1.99.7.1.3"));
            var response = await Process(Request(bulk, maxSize: limit));

            Assert.That((response.VarBinds.Count - 1) % 3, Is.Zero, $"N + k*R varbinds within {limit} octets, got {response.VarBinds.Count}");
            Assert.That(response.VarBinds.Count, Is.GreaterThanOrEqualTo(4));
        }
    }

    [Test]
    public async Task A_GetBulk_whose_non_repeaters_do_not_fit_is_cut_to_the_longest_prefix_that_does()
    {
        var bulk = new BulkPdu(7, 60, 5, VarBindList.ForRequest([.. Enumerable.Repeat(new ObjectIdentifier("1.3.6.1.2.1.1"), 60)]));

        var response = await Process(Request(bulk, maxSize: 600));

        Assert.That(response.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
        Assert.That(response.VarBinds.Count, Is.InRange(2, 59));
        Assert.That(response.VarBinds.Select(v => v.Oid), Is.All.EqualTo(new ObjectIdentifier("1.3.6.1.2.1.1.1.0")));
        // maxSize bounds the response's scopedPDU (RFC 3411 processPdu): it fits, and one more VarBind would not.
        var oneMore = new Pdu(PduType.Response, 7, ErrorStatus.NoError, 0, new VarBindList([.. response.VarBinds, response.VarBinds[0]]));
        Assert.That(Ber.SnmpMessageCodec.Encode(new ScopedPdu(default, default, response)).Length, Is.LessThanOrEqualTo(600));
        Assert.That(Ber.SnmpMessageCodec.Encode(new ScopedPdu(default, default, oneMore)).Length, Is.GreaterThan(600));
    }

    [Test]
    public async Task A_Get_whose_answer_does_not_fit_is_tooBig_with_no_varbinds()
    {
        var oids = Enumerable.Repeat("1.3.6.1.2.1.1.1.0", 60).ToArray();

        var response = await Process(Request(Get(PduType.GetRequest, oids), maxSize: 600));

        Assert.That((response.ErrorStatus, response.ErrorIndex, response.VarBinds.Count), Is.EqualTo((ErrorStatus.TooBig, 0, 0)));
    }

    [Test]
    public async Task Set_is_tested_in_full_before_anything_is_committed()
    {
        var set = new Pdu(PduType.SetRequest, 9, new VarBindList(
            new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("new contact")),
            new VarBind("1.3.6.1.2.1.1.5.0", new Integer32(1))));

        var response = await Process(Request(set));

        Assert.That((response.ErrorStatus, response.ErrorIndex), Is.EqualTo((ErrorStatus.WrongType, 2)));
        Assert.That(await _mib.GetAsync("1.3.6.1.2.1.1.4.0"), Is.EqualTo(new OctetString("contact")));
        var v1 = await Process(Request(set, SnmpVersion.SNMPv1));
        Assert.That((v1.ErrorStatus, v1.ErrorIndex), Is.EqualTo((ErrorStatus.BadValue, 2)), "RFC 3584 4.4");
    }

    [Test]
    public async Task A_failed_commit_undoes_the_earlier_varbinds()
    {
        _mib.Register(MibScalar.FromCallback("1.3.6.1.4.1.99.8", SnmpType.Integer32, () => new Integer32(0), _ => throw new IOException("device gone")));
        var set = new Pdu(PduType.SetRequest, 9, new VarBindList(
            new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("new contact")),
            new VarBind("1.3.6.1.4.1.99.8.0", new Integer32(1))));

        var response = await Process(Request(set));

        Assert.That((response.ErrorStatus, response.ErrorIndex), Is.EqualTo((ErrorStatus.CommitFailed, 2)));
        Assert.That(await _mib.GetAsync("1.3.6.1.2.1.1.4.0"), Is.EqualTo(new OctetString("contact")), "undone");
    }

    [Test]
    public async Task An_instrumentation_that_throws_is_genErr_at_its_varbind()
    {
        _mib.AddScalar("1.3.6.1.4.1.99.11", SnmpType.Integer32, () => throw new IOException("source gone"));

        var get = await Process(Request(Get(PduType.GetRequest, "1.3.6.1.2.1.1.1.0", "1.3.6.1.4.1.99.11.0")));
        var next = await Process(Request(Get(PduType.GetNextRequest, "1.3.6.1.2.1.1.1.0", "1.3.6.1.4.1.99.10")));
        var bulk = await Process(Request(new BulkPdu(7, 1, 5, VarBindList.ForRequest([new ObjectIdentifier("1.3.6.1.2.1.1.1.0"), new ObjectIdentifier("1.3.6.1.4.1.99.6")]))));

        Assert.That((get.ErrorStatus, get.ErrorIndex), Is.EqualTo((ErrorStatus.GenErr, 2)), "RFC 3416 4.2.1");
        Assert.That((next.ErrorStatus, next.ErrorIndex), Is.EqualTo((ErrorStatus.GenErr, 2)), "RFC 3416 4.2.2");
        Assert.That((bulk.ErrorStatus, bulk.ErrorIndex), Is.EqualTo((ErrorStatus.GenErr, 2)), "RFC 3416 4.2.3");
    }

    [Test]
    public async Task The_end_of_a_Set_is_told_to_the_instrumentation_whatever_its_outcome()
    {
        var outcomes = new List<bool>();
        _mib.Register(new CompletionWatcher("1.3.6.1.4.1.99.12", outcomes));
        var good = new Pdu(PduType.SetRequest, 9, new VarBindList(new VarBind("1.3.6.1.4.1.99.12.0", new Integer32(1)), new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("c"))));
        var refused = new Pdu(PduType.SetRequest, 10, new VarBindList(new VarBind("1.3.6.1.4.1.99.12.0", new Integer32(1)), new VarBind("1.3.6.1.2.1.1.1.0", new OctetString("read-only"))));

        var first = await Process(Request(good));
        var second = await Process(Request(refused));

        Assert.That(first.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
        Assert.That(second.ErrorStatus, Is.EqualTo(ErrorStatus.NotWritable));
        Assert.That(outcomes, Is.EqualTo(new[] { true, false }));
    }

    private sealed class CompletionWatcher(ObjectIdentifier oid, List<bool> outcomes) : ManagedObject(oid)
    {
        public override ValueTask<SnmpValue> GetAsync(ObjectIdentifier name, CancellationToken cancellationToken) => ValueTask.FromResult<SnmpValue>(new Integer32(0));

        public override ValueTask<VarBind?> GetNextAsync(ObjectIdentifier name, CancellationToken cancellationToken) => ValueTask.FromResult<VarBind?>(null);

        public override ValueTask<SetPreparation> PrepareSetAsync(ObjectIdentifier name, SnmpValue value, SetTransaction transaction, CancellationToken cancellationToken)
        {
            transaction.OnCompleted((succeeded, _) => { outcomes.Add(succeeded); return ValueTask.CompletedTask; });
            return ValueTask.FromResult(SetPreparation.Ready(() => { }, () => { }));
        }
    }

    [Test]
    public async Task A_failed_undo_is_undoFailed()
    {
        int writes = 0;
        _mib.Register(MibScalar.FromCallback("1.3.6.1.4.1.99.9", SnmpType.Integer32, () => new Integer32(0),
            _ => { if (++writes > 1) { throw new IOException("cannot restore"); } }));
        _mib.Register(MibScalar.FromCallback("1.3.6.1.4.1.99.10", SnmpType.Integer32, () => new Integer32(0), _ => throw new IOException("device gone")));
        var set = new Pdu(PduType.SetRequest, 9, new VarBindList(new VarBind("1.3.6.1.4.1.99.9.0", new Integer32(1)), new VarBind("1.3.6.1.4.1.99.10.0", new Integer32(1))));

        var response = await Process(Request(set));

        Assert.That((response.ErrorStatus, response.ErrorIndex), Is.EqualTo((ErrorStatus.UndoFailed, 2)));
    }

    [Test]
    public async Task Set_outside_the_write_view_is_noAccess_and_without_one_authorizationError()
    {
        var hidden = await Process(Request(new Pdu(PduType.SetRequest, 1, new VarBindList(new VarBind("1.3.6.1.4.1.99.5.0", new Integer32(1))))));
        Assert.That((hidden.ErrorStatus, hidden.ErrorIndex), Is.EqualTo((ErrorStatus.NoAccess, 1)));

        var reader = await Process(Request(new Pdu(PduType.SetRequest, 1, new VarBindList(new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("x")))), securityName: "reader"));
        Assert.That((reader.ErrorStatus, reader.ErrorIndex), Is.EqualTo((ErrorStatus.AuthorizationError, 0)), "RFC 3413 3.2 step 5: error-index 0");
        Assert.That(_statistics[SnmpCounter.SnmpInBadCommunityUses], Is.EqualTo(2));
        var readerV1 = await Process(Request(new Pdu(PduType.SetRequest, 1, new VarBindList(new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("x")))), SnmpVersion.SNMPv1, "reader"));
        Assert.That(readerV1.ErrorStatus, Is.EqualTo(ErrorStatus.NoSuchName));
    }

    [Test]
    public async Task A_known_community_without_a_group_is_an_authorizationError_and_a_bad_community_use()
    {
        // The message processing model has already dropped unknown communities (RFC 3584 5.2.1);
        // this securityName passed the community table, but VACM has no group for it: RFC 3413
        // 3.2 step 5 treats noGroupName as any other refusal, authorizationError.
        var v2c = await Process(Request(Get(PduType.GetRequest, "1.3.6.1.2.1.1.1.0"), securityName: "bad"));
        Assert.That((v2c.ErrorStatus, v2c.ErrorIndex), Is.EqualTo((ErrorStatus.AuthorizationError, 0)));
        Assert.That(v2c.VarBinds, Is.EqualTo(VarBindList.ForRequest("1.3.6.1.2.1.1.1.0")), "the request's values");

        var v1 = await Process(Request(Get(PduType.GetNextRequest, "1.3.6.1.2.1.1.1.0"), SnmpVersion.SNMPv1, "bad"));
        Assert.That(v1.ErrorStatus, Is.EqualTo(ErrorStatus.NoSuchName), "RFC 3584 4.4");

        var v3 = await Process(Request(Get(PduType.GetRequest, "1.3.6.1.2.1.1.1.0"), SnmpVersion.SNMPv3, "bad"));
        Assert.That(v3.ErrorStatus, Is.EqualTo(ErrorStatus.AuthorizationError));

        Assert.That(_statistics[SnmpCounter.SnmpInBadCommunityUses], Is.EqualTo(2), "the two community-based requests");
        Assert.That(_statistics[SnmpCounter.SnmpInBadCommunityNames], Is.Zero, "the community was known");
    }

    [Test]
    public async Task An_unknown_context_is_a_Report_for_SNMPv3()
    {
        var response = await Process(Request(Get(PduType.GetRequest, "1.3.6.1.2.1.1.1.0"), SnmpVersion.SNMPv3, "user", context: "nowhere"));

        Assert.That(response.Type, Is.EqualTo(PduType.Report));
        Assert.That(response.VarBinds.Single(), Is.EqualTo(new VarBind("1.3.6.1.6.3.12.1.5.0", new Counter32(1))));
        Assert.That(_statistics[SnmpCounter.SnmpUnknownContexts], Is.EqualTo(1));
    }

    [Test]
    public async Task ProcessPdu_returns_the_response_through_the_dispatcher()
    {
        var dispatcher = new Mock<IDispatcher>();
        var sent = new TaskCompletionSource<SnmpPdu>();
        dispatcher.Setup(d => d.ReturnResponsePduAsync(It.IsAny<ProcessPduParameters>(), It.IsAny<SnmpPdu>(), It.IsAny<CancellationToken>()))
            .Returns((ProcessPduParameters _, SnmpPdu pdu, CancellationToken _) => { sent.TrySetResult(pdu); return ValueTask.CompletedTask; });
        var responder = new CommandResponder(dispatcher.Object, _ => _mib, _access.Object, _statistics);

        responder.ProcessPdu(Request(Get(PduType.GetRequest, "1.3.6.1.2.1.1.1.0")));

        var pdu = (Pdu)await sent.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(pdu.VarBinds[0].Value, Is.EqualTo(new OctetString("descr")));
    }

    [TestCase(PduType.GetRequest)]
    [TestCase(PduType.GetNextRequest)]
    [TestCase(PduType.SetRequest)]
    public async Task An_access_control_failure_other_than_a_refusal_is_a_genError(PduType type)
    {
        // RFC 3413 3.2 step 5: isAccessAllowed's otherError halts the operation with genError.
        SnmpPdu pdu = type == PduType.SetRequest
            ? new Pdu(PduType.SetRequest, 42, new VarBindList(new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("x"))))
            : Get(type, "1.3.6.1.2.1.1.1.0");

        var response = await Process(Request(pdu, SnmpVersion.SNMPv3, securityName: "broken"));

        Assert.That((response.ErrorStatus, response.ErrorIndex), Is.EqualTo((ErrorStatus.GenErr, 0)));
        Assert.That(response.VarBinds, Is.EqualTo(pdu.VarBinds), "the request's varbinds come back");
    }
}
