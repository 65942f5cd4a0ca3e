using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Agent;

/// <summary>
/// Hostile and odd input sent to the agent over real UDP on loopback: thousands of malformed
/// messages (truncations, single-octet mutations and random datagrams derived from valid
/// requests, in the spirit of the PROTOS SNMPv1 suite, which this machine does not have), with a
/// valid request between batches that must still be answered; oversize requests; 128- and
/// 129-sub-identifier OIDs. Nothing may crash the agent, and every drop is counted.
/// </summary>
[TestFixture]
[NonParallelizable]
public class AgentRobustnessTests
{
    private Snmp.Agent _agent = null!;
    private UdpClient _client = null!;
    private IPEndPoint _endpoint = null!;
    private int _requestId = 1000;

    [OneTimeSetUp]
    public void Start()
    {
        _agent = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], SysDescr = "robust" });
        _agent.AddCommunity("public");
        _agent.AddCommunity("private", writable: true);
        _agent.AddUser("alice", AuthenticationProtocol.HmacSha1, "alice-password", PrivacyProtocol.Aes128, "alice-password");
        _agent.AddUser("probe");
        _endpoint = _agent.Endpoints[0];
        _client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _client.Dispose();
        await _agent.DisposeAsync();
    }

    private static byte[] V2c(SnmpPdu pdu, string community = "public", SnmpVersion version = SnmpVersion.SNMPv2c) =>
        SnmpMessageCodec.Encode(new CommunityMessage(version, System.Text.Encoding.ASCII.GetBytes(community), pdu));

    private async Task<CommunityMessage?> Ask(byte[] request, TimeSpan timeout)
    {
        int requestId = SnmpMessageCodec.DecodeCommunityMessage(request).Pdu.RequestId;
        await _client.SendAsync(request, _endpoint);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var received = await _client.ReceiveAsync(cancel.Token);
                if (SnmpMessageCodec.PeekVersion(received.Buffer) is not (0 or 1))
                {
                    continue; // a Report to an SNMPv3 case sent earlier
                }

                var message = SnmpMessageCodec.DecodeCommunityMessage(received.Buffer);
                if (message.Pdu.RequestId == requestId)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task AssertStillAnswers()
    {
        var response = await Ask(V2c(new Pdu(PduType.GetRequest, Interlocked.Increment(ref _requestId), VarBindList.ForRequest("1.3.6.1.2.1.1.1.0"))), TimeSpan.FromSeconds(5));
        Assert.That(response, Is.Not.Null, "the agent stopped answering valid requests");
        Assert.That(response!.Pdu.VarBinds[0].Value, Is.EqualTo(new OctetString("robust")));
    }

    [Test]
    public async Task Thousands_of_malformed_messages_are_counted_and_the_agent_keeps_answering()
    {
        var seeds = new List<byte[]>
        {
            V2c(new Pdu(PduType.GetRequest, 1, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.5.0")), version: SnmpVersion.SNMPv1),
            V2c(new Pdu(PduType.GetNextRequest, 2, VarBindList.ForRequest("1.3.6.1.2.1.1"))),
            V2c(new BulkPdu(3, 1, 20, VarBindList.ForRequest("1.3.6.1.2.1.1", "1.3.6.1.2.1.11"))),
            V2c(new Pdu(PduType.SetRequest, 4, new VarBindList(new VarBind("1.3.6.1.2.1.1.4.0", new OctetString("x")))), "private"),
            // An SNMPv3 discovery probe (noAuthNoPriv, empty engine ID and user), as Net-SNMP sends it.
            SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(5, 65507, MsgFlags.Reportable, 3),
                Convert.FromHexString("300E0400020100020100040004000400"),
                new ScopedPdu(ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, 5, VarBindList.Empty)))),
        };
        var random = new Random(20261125);
        var cases = new List<byte[]>();
        foreach (var seed in seeds)
        {
            for (int length = 0; length < seed.Length; length++)
            {
                cases.Add(seed[..length]);
            }

            for (int i = 0; i < 400; i++)
            {
                var mutated = (byte[])seed.Clone();
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                cases.Add(mutated);
            }
        }

        for (int i = 0; i < 500; i++)
        {
            var garbage = new byte[random.Next(1, 600)];
            random.NextBytes(garbage);
            if (i % 2 == 0)
            {
                garbage[0] = 0x30; // looks like a SEQUENCE
            }

            cases.Add(garbage);
        }

        var before = _agent.Statistics.Snapshot();
        long internalErrorsBefore = _agent.Statistics[EngineCounter.InternalErrors];
        for (int i = 0; i < cases.Count; i++)
        {
            await _client.SendAsync(cases[i], _endpoint);
            if (i % 250 == 249)
            {
                await AssertStillAnswers();
            }
        }

        await AssertStillAnswers();
        var after = _agent.Statistics.Snapshot();
        long Delta(SnmpCounter c) => after[c] - before[c];
        long dropped = new[]
        {
            SnmpCounter.SnmpInASNParseErrs, SnmpCounter.SnmpInBadVersions, SnmpCounter.SnmpInBadCommunityNames, SnmpCounter.SnmpUnknownPDUHandlers,
            SnmpCounter.SnmpInvalidMsgs, SnmpCounter.SnmpUnknownSecurityModels, SnmpCounter.UsmStatsUnknownEngineIDs, SnmpCounter.UsmStatsUnknownUserNames,
        }.Sum(Delta);
        TestContext.Progress.WriteLine($"{cases.Count} malformed datagrams: snmpInPkts +{Delta(SnmpCounter.SnmpInPkts)}, snmpInASNParseErrs +{Delta(SnmpCounter.SnmpInASNParseErrs)}, " +
            $"snmpInBadVersions +{Delta(SnmpCounter.SnmpInBadVersions)}, snmpInBadCommunityNames +{Delta(SnmpCounter.SnmpInBadCommunityNames)}, " +
            $"snmpUnknownPDUHandlers +{Delta(SnmpCounter.SnmpUnknownPDUHandlers)}, snmpInvalidMsgs +{Delta(SnmpCounter.SnmpInvalidMsgs)}, " +
            $"usmStatsUnknownEngineIDs +{Delta(SnmpCounter.UsmStatsUnknownEngineIDs)}, answered {Delta(SnmpCounter.SnmpOutPkts)}, internal errors +{_agent.Statistics[EngineCounter.InternalErrors] - internalErrorsBefore}");
        Assert.That(_agent.Statistics[EngineCounter.InternalErrors] - internalErrorsBefore, Is.Zero, "no malformed input may reach an unexpected failure");
        Assert.That(Delta(SnmpCounter.SnmpInPkts), Is.GreaterThanOrEqualTo(cases.Count * 9 / 10), "the datagrams arrived (loopback may drop a few under load)");
        Assert.That(dropped, Is.GreaterThan(cases.Count / 2), "most of them are counted drops");
    }

    [Test]
    public async Task An_oversize_answer_is_tooBig()
    {
        var oids = Enumerable.Repeat(new ObjectIdentifier("1.3.6.1.2.1.1.1.0"), 4000).ToArray();

        var response = await Ask(V2c(new Pdu(PduType.GetRequest, 77, VarBindList.ForRequest(oids))), TimeSpan.FromSeconds(5));

        Assert.That(response, Is.Not.Null);
        var pdu = (Pdu)response!.Pdu;
        Assert.That((pdu.ErrorStatus, pdu.ErrorIndex, pdu.VarBinds.Count), Is.EqualTo((ErrorStatus.TooBig, 0, 0)));
    }

    [Test]
    public async Task A_128_sub_identifier_OID_is_answered_and_a_129_one_is_a_counted_parse_error()
    {
        var longest = new ObjectIdentifier([.. Enumerable.Repeat(1u, 128)]);
        var response = await Ask(V2c(new Pdu(PduType.GetRequest, 78, VarBindList.ForRequest(longest))), TimeSpan.FromSeconds(5));
        Assert.That(response!.Pdu.VarBinds[0].Value, Is.SameAs(NoSuchObject.Instance));

        // 129 sub-identifiers: 1.1 as one octet, then 127 more.
        var sameAsOurs = GetRequestWithRawOid(79, [0x29, .. Enumerable.Repeat((byte)1, 126)]);
        Assert.That(sameAsOurs, Is.EqualTo(V2c(new Pdu(PduType.GetRequest, 79, VarBindList.ForRequest(longest)))), "the hand-made encoding is right");
        var tooLong = GetRequestWithRawOid(80, [0x29, .. Enumerable.Repeat((byte)1, 127)]);
        long parseErrors = _agent.Statistics[SnmpCounter.SnmpInASNParseErrs];
        await _client.SendAsync(tooLong, _endpoint);
        await AssertStillAnswers(); // the agent handles datagrams in order: the bad one has been counted now
        Assert.That(_agent.Statistics[SnmpCounter.SnmpInASNParseErrs], Is.EqualTo(parseErrors + 1));
    }

    [Test]
    public async Task An_agent_limited_to_484_octets_keeps_every_answer_within_them()
    {
        await using var small = new Snmp.Agent(new AgentOptions { ListenOn = ["127.0.0.1:0"], MaxMessageSize = 484, SysDescr = new string('d', 200) });
        small.AddCommunity("public");
        var table = small.Mib.AddTable("1.3.6.1.4.1.99.1.1", new MibColumn(1, SnmpType.OctetString));
        for (uint i = 1; i <= 100; i++)
        {
            table.SetRow(new ObjectIdentifier(i), new OctetString($"row {i}"));
        }

        var endpoint = small.Endpoints[0];
        var bulk = await AskAt(endpoint, V2c(new BulkPdu(90, 0, 1000, VarBindList.ForRequest("1.3.6.1.4.1.99.1"))));
        Assert.That(bulk.Length, Is.LessThanOrEqualTo(484));
        var bulkPdu = (Pdu)SnmpMessageCodec.DecodeCommunityMessage(bulk).Pdu;
        Assert.That(bulkPdu.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
        Assert.That(bulkPdu.VarBinds.Count, Is.InRange(10, 30), "as many repetitions as fit");

        var get = await AskAt(endpoint, V2c(new Pdu(PduType.GetRequest, 91, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.1.0")), version: SnmpVersion.SNMPv1));
        var getPdu = (Pdu)SnmpMessageCodec.DecodeCommunityMessage(get).Pdu;
        Assert.That((getPdu.ErrorStatus, getPdu.ErrorIndex), Is.EqualTo((ErrorStatus.TooBig, 0)), "three 200-octet strings do not fit in 484");
        Assert.That(get.Length, Is.LessThanOrEqualTo(484));
    }

    [Test]
    public async Task An_SNMPv3_requester_with_a_484_octet_msgMaxSize_gets_answers_that_fit()
    {
        // The requester's msgMaxSize bounds the response (RFC 3412 7.1 step 3 / RFC 3416 4.2.3),
        // even though the agent itself allows 65507.
        var table = _agent.Mib.AddTable("1.3.6.1.4.1.99.2.1", new MibColumn(1, SnmpType.OctetString));
        for (uint i = 1; i <= 200; i++)
        {
            table.SetRow(new ObjectIdentifier(i), new OctetString($"a value of row {i}"));
        }

        var usm = new Security.Usm.UserBasedSecurityModel();
        var engineId = _agent.LocalEngine.EngineId;
        var request = usm.GenerateRequestMsg(new HeaderData(4711, 484, MsgFlags.Reportable, 3), 484, engineId, new OctetString("probe"), SecurityLevel.NoAuthNoPriv,
            new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty, new BulkPdu(92, 0, 500, VarBindList.ForRequest("1.3.6.1.4.1.99.2"))));

        var response = await AskAt(_endpoint, request);

        Assert.That(response.Length, Is.LessThanOrEqualTo(484));
        var pdu = (Pdu)SnmpMessageCodec.DecodeV3Message(response).ScopedPdu!.Pdu;
        Assert.That((pdu.Type, pdu.ErrorStatus), Is.EqualTo((PduType.Response, ErrorStatus.NoError)));
        Assert.That(pdu.VarBinds.Count, Is.InRange(5, 20), "as many repetitions as fit in 484 octets");
        Assert.That(pdu.VarBinds[0].Oid, Is.EqualTo(new ObjectIdentifier("1.3.6.1.4.1.99.2.1.1.1")));
        _agent.Mib.Unregister(table);
    }

    private async Task<byte[]> AskAt(IPEndPoint endpoint, byte[] request)
    {
        // Answers are matched by message: msgID for SNMPv3, request-id otherwise (earlier tests
        // may have left late answers in the socket).
        bool v3 = SnmpMessageCodec.PeekVersion(request) == 3;
        int id = v3 ? SnmpMessageCodec.DecodeV3Message(request).GlobalData.MsgId : SnmpMessageCodec.DecodeCommunityMessage(request).Pdu.RequestId;
        await _client.SendAsync(request, endpoint);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            var received = await _client.ReceiveAsync(cancel.Token);
            if (!received.RemoteEndPoint.Equals(endpoint) || SnmpMessageCodec.PeekVersion(received.Buffer) == 3 != v3)
            {
                continue;
            }

            int answered = v3 ? SnmpMessageCodec.DecodeV3Message(received.Buffer).GlobalData.MsgId : SnmpMessageCodec.DecodeCommunityMessage(received.Buffer).Pdu.RequestId;
            if (answered == id)
            {
                return received.Buffer;
            }
        }
    }

    private static byte[] GetRequestWithRawOid(int requestId, byte[] oidContent)
    {
        // Written by hand with AsnWriter, as our encoder refuses OIDs SNMP does not allow.
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            writer.WriteOctetString("public"u8);
            using (writer.PushSequence(new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteInteger(requestId);
                writer.WriteInteger(0);
                writer.WriteInteger(0);
                using (writer.PushSequence())
                using (writer.PushSequence())
                {
                    byte[] header = oidContent.Length < 128 ? [0x06, (byte)oidContent.Length] : [0x06, 0x81, (byte)oidContent.Length];
                    writer.WriteEncodedValue([.. header, .. oidContent]);
                    writer.WriteNull();
                }
            }
        }

        return writer.Encode();
    }
}
