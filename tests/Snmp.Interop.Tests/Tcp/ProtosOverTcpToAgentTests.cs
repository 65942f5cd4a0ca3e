using System.Net;
using System.Net.Sockets;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Interop.Tests.Agent;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Transport.Tcp;

namespace Snmp.Interop.Tests.Tcp;

/// <summary>
/// The PROTOS c06-snmpv1 request suite (see <see cref="ProtosTests"/>) against our Agent over
/// TCP (RFC 3430): every case on a connection of its own, followed by a valid GetRequest (the
/// probe) and the end of the stream. A case that keeps the stream's framing gets the probe
/// answered on its connection; one that breaks it (octets no message starts with, a length over
/// the limit or past the stream's end) loses its connection and is a counted framing error of
/// the agent's TCP mapping. Either way the agent goes on answering, and every message its TCP
/// mapping delivered is answered or counted in exactly one drop counter. As the suite keeps its
/// outer lengths right, every 50th case is also sent cut in half, to break the framing.
/// </summary>
[TestFixture]
[NonParallelizable]
public class ProtosOverTcpToAgentTests
{
    private const int Batch = 250;
    private const int ProbeRequestIdBase = 0x35A80000;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The library's TCP factory, keeping the mappings it makes so the test can read their counters.</summary>
    private sealed class RecordingTcpFactory : ITransportMappingFactory
    {
        private readonly TcpTransportMappingFactory _inner = new();

        public List<TcpTransportMapping> Mappings { get; } = [];

        public IReadOnlyCollection<TransportDomain> TransportDomains => _inner.TransportDomains;

        public bool TryParseAddress(string address, TransportDomain? preferredDomain, SnmpEntityRole role, bool forListening,
            [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TransportDomain? domain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EndPoint? endPoint) =>
            _inner.TryParseAddress(address, preferredDomain, role, forListening, out domain, out endPoint);

        public ITransportMapping CreateTransportMapping(TransportDomain domain, EndPoint? localAddress)
        {
            var mapping = (TcpTransportMapping)_inner.CreateTransportMapping(domain, localAddress);
            Mappings.Add(mapping);
            return mapping;
        }
    }

    private sealed class RecordingTcpModule(RecordingTcpFactory factory) : SnmpModule
    {
        public override void Register(SnmpModuleRegistrations registrations) => registrations.AddTransportMappingFactory(_ => factory);
    }

    private static byte[] Probe(int requestId) => SnmpMessageCodec.Encode(new CommunityMessage(SnmpVersion.SNMPv1, "public"u8.ToArray(),
        new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest("1.3.6.1.2.1.1.1.0"))));

    /// <summary>Opens a connection, writes the octets, ends the stream, and reads everything the agent sends until it closes.</summary>
    private static async Task<byte[]> ExchangeAsync(IPEndPoint agent, byte[] octets)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var limit = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(agent, limit.Token);
        var received = new MemoryStream();
        try
        {
            await socket.SendAsync(octets, SocketFlags.None, limit.Token);
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[65536];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // Reset: the agent closed the connection with octets of ours unread (a framing error).
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The agent neither answered nor closed a connection within {Patience.TotalSeconds} s.");
        }

        return received.ToArray();
    }

    /// <summary>The messages in what the agent sent back; false when they are not all well-formed Responses under community public.</summary>
    private static async Task<(List<CommunityMessage> Messages, bool AllWellFormed)> ParseAsync(byte[] octets)
    {
        var messages = new List<CommunityMessage>();
        var reader = new BerStreamMessageReader(new MemoryStream(octets), 65535);
        try
        {
            while (await reader.ReadMessageAsync(CancellationToken.None) is { } message)
            {
                var decoded = SnmpMessageCodec.DecodeCommunityMessage(message);
                if (decoded.Pdu.Type != PduType.Response || !decoded.Community.Span.SequenceEqual("public"u8))
                {
                    return (messages, false);
                }

                messages.Add(decoded);
            }
        }
        catch (Exception e) when (e is SnmpFramingException or SnmpDecodeException)
        {
            return (messages, false);
        }

        return (messages, true);
    }

    [Test]
    public async Task Every_case_of_the_c06_snmpv1_request_suite_over_tcp_is_answered_or_counted_and_the_agent_keeps_answering()
    {
        var cases = ProtosTests.ReadCases();
        var factory = new RecordingTcpFactory();
        await using var agent = new Snmp.Agent(new AgentOptions { ListenOn = ["tcp:127.0.0.1:0"], SysDescr = "protos over tcp", Modules = [new RecordingTcpModule(factory)] });
        agent.AddCommunity("public");
        var endpoint = agent.Endpoints[0];
        var mapping = factory.Mappings.Single();

        int probeCount = 0;
        async Task AssertStillAnswers(string after)
        {
            int requestId = ProbeRequestIdBase + probeCount++;
            var (answers, wellFormed) = await ParseAsync(await ExchangeAsync(endpoint, Probe(requestId)));
            Assert.That(wellFormed, Is.True, $"a well-formed answer to the probe after {after}");
            Assert.That(answers.Select(a => a.Pdu.RequestId), Is.EqualTo(new[] { requestId }), $"the agent stopped answering valid requests after {after}");
            Assert.That(answers[0].Pdu.VarBinds[0].Value, Is.EqualTo(new OctetString("protos over tcp")));
        }

        var before = agent.Statistics.Snapshot();
        long internalErrorsBefore = agent.Statistics[EngineCounter.InternalErrors];
        var started = System.Diagnostics.Stopwatch.StartNew();
        await AssertStillAnswers("starting");
        int framedThrough = 0, framingBroken = 0, caseAnswers = 0;
        var oddAnswers = new List<int>();
        for (int i = 0; i < cases.Length; i++)
        {
            int probeId = ProbeRequestIdBase + 0x8000 + i;
            var (answers, wellFormed) = await ParseAsync(await ExchangeAsync(endpoint, [.. cases[i], .. Probe(probeId)]));
            if (!wellFormed)
            {
                oddAnswers.Add(i);
            }

            if (answers.Any(a => a.Pdu.RequestId == probeId))
            {
                framedThrough++;
                caseAnswers += answers.Count - 1;
            }
            else
            {
                framingBroken++;
                caseAnswers += answers.Count;
            }

            if (i % Batch == Batch - 1)
            {
                await AssertStillAnswers($"case {i}");
            }
        }

        await AssertStillAnswers("the last case");

        long framingErrorsOfTheSuite = mapping.FramingErrors + mapping.MessageTimeouts;

        // The suite keeps every outer length right (its mutations are inside the message), so
        // framing faults are added: every 50th case cut in half, the probe after it. The stream
        // then ends inside a message, which is a framing error; or, where the case's half and the
        // probe's start make up its announced length, the probe's tail follows: a framing error
        // too, unless that tail happens to be an inner SEQUENCE of the probe, read as a message of
        // its own (and dropped as unparseable). Either way the probe goes unanswered.
        int cut = 0, realigned = 0;
        for (int i = 0; i < cases.Length; i += 50, cut++)
        {
            int probeId = ProbeRequestIdBase + 0x10000 + i;
            long framingErrorsBefore = mapping.FramingErrors, messagesBefore = mapping.MessagesReceived;
            var (answers, wellFormed) = await ParseAsync(await ExchangeAsync(endpoint, [.. cases[i][..(cases[i].Length / 2)], .. Probe(probeId)]));
            Assert.That(wellFormed, Is.True, $"answers on the connection of case {i} cut in half");
            Assert.That(answers.Select(a => a.Pdu.RequestId), Does.Not.Contain(probeId), $"case {i} cut in half breaks the framing before the probe");
            // The agent counted the connection's fault before closing it, so the counters are final here.
            long framingErrors = mapping.FramingErrors - framingErrorsBefore, messages = mapping.MessagesReceived - messagesBefore;
            Assert.That(framingErrors == 1 || (framingErrors == 0 && messages >= 2), Is.True,
                $"case {i} cut in half: a framing error, or the probe's tail read as a message of its own (framing errors +{framingErrors}, messages +{messages})");
            realigned += framingErrors == 0 ? 1 : 0;
            framingBroken++;
            caseAnswers += answers.Count;
        }

        await AssertStillAnswers("the cut cases");

        var drops = new[]
        {
            SnmpCounter.SnmpInASNParseErrs, SnmpCounter.SnmpInBadVersions, SnmpCounter.SnmpInBadCommunityNames, SnmpCounter.SnmpUnknownPDUHandlers,
            SnmpCounter.SnmpInvalidMsgs, SnmpCounter.SnmpSilentDrops, SnmpCounter.SnmpUnknownSecurityModels, SnmpCounter.SnmpUnknownContexts,
            SnmpCounter.UsmStatsUnknownEngineIDs, SnmpCounter.UsmStatsUnknownUserNames, SnmpCounter.UsmStatsUnsupportedSecLevels,
            SnmpCounter.UsmStatsNotInTimeWindows, SnmpCounter.UsmStatsWrongDigests, SnmpCounter.UsmStatsDecryptionErrors,
        };
        var after = agent.Statistics.Snapshot();
        long Delta(SnmpCounter c) => after[c] - before[c];
        long inPkts = Delta(SnmpCounter.SnmpInPkts), outPkts = Delta(SnmpCounter.SnmpOutPkts), dropped = drops.Sum(Delta);
        long internalErrors = agent.Statistics[EngineCounter.InternalErrors] - internalErrorsBefore;
        TestContext.Progress.WriteLine(
            $"PROTOS c06-snmpv1 over TCP: {cases.Length} cases on {cases.Length} connections in {started.Elapsed.TotalSeconds:F1} s; " +
            $"framed through {framedThrough}, framing broken {framingBroken} (of them cut in half by the test {cut}, of which {realigned} realigned on the probe's tail); mapping: accepted {mapping.ConnectionsAccepted}, messages {mapping.MessagesReceived}, " +
            $"framing errors {mapping.FramingErrors}, message timeouts {mapping.MessageTimeouts}, refused {mapping.ConnectionsRefused}; " +
            $"snmpInPkts +{inPkts}, snmpOutPkts +{outPkts}, dropped +{dropped}, case answers {caseAnswers}; internal errors +{internalErrors}");

        Assert.That(internalErrors, Is.Zero, "no PROTOS case may reach an unexpected failure");
        Assert.That(oddAnswers, Is.Empty, "every answer is a well-formed Response under community public");
        Assert.That(mapping.ConnectionsRefused, Is.Zero);
        Assert.That(framingBroken - cut, Is.EqualTo(framingErrorsOfTheSuite), "every connection of the suite whose probe went unanswered is a counted framing error");
        Assert.That(mapping.FramingErrors + mapping.MessageTimeouts, Is.EqualTo(framingErrorsOfTheSuite + cut - realigned), "the cut cases' framing errors");
        Assert.That(inPkts, Is.EqualTo(mapping.MessagesReceived), "every message the TCP mapping delivered reached the dispatcher");
        Assert.That(dropped, Is.EqualTo(inPkts - outPkts), "every delivered message is answered or counted in exactly one drop counter");
        Assert.That(outPkts, Is.EqualTo(caseAnswers + framedThrough + probeCount), "every answer the agent sent arrived on its connection");
        Assert.That(framedThrough + framingBroken, Is.EqualTo(cases.Length + cut));
        Assert.That(cut - realigned, Is.GreaterThan(cut / 2), "most cut cases end in a framing error");
    }
}
