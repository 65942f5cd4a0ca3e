using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Transport.Tls;
using Snmp.Transport.Tls.Dtls;

namespace Snmp.Interop.Tests.Dtls;

/// <summary>
/// Our DTLS transport mapping (client role) against Net-SNMP's snmpd and snmptrapd on dtlsudp
/// (RFC 6353), with raw SNMPv3 messages of the Transport Security Model (RFC 5591: msgSecurityModel
/// 4, msgFlags authPriv and reportable, empty msgSecurityParameters) made with Core's codec: the
/// mapping alone is under test, not the Manager.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NetSnmpDtlsTests
{
    private const int TsmSecurityModel = 4;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // RFC 5343 section 4: the contextEngineID that means "whichever engine receives this".
    private static readonly byte[] LocalEngineId = [0x80, 0x00, 0x00, 0x00, 0x06];
    private static readonly ObjectIdentifier SnmpEngineId = new("1.3.6.1.6.3.10.2.1.1.0");
    private static readonly ObjectIdentifier SysName = new("1.3.6.1.2.1.1.5.0");
    private static readonly ObjectIdentifier SysDescr = new("1.3.6.1.2.1.1.1.0");
    private static readonly ObjectIdentifier SysServices = new("1.3.6.1.2.1.1.7.0");

    private NetSnmpTlsLab _lab = null!;
    private DtlsTransportMapping _mapping = null!;
    private readonly Channel<(byte[] Message, TransportStateReference Reference)> _received = Channel.CreateUnbounded<(byte[], TransportStateReference)>();

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _lab = await NetSnmpTlsLab.StartAsync();
        _mapping = new DtlsTransportMapping(new IPEndPoint(IPAddress.Loopback, 0), new TlsPeerVerifier(_lab.ManagerOptions(legacyTls10: false)), NullLogger.Instance);
        _mapping.Start((message, reference) => _received.Writer.TryWrite((message.ToArray(), reference)));
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        if (_mapping is not null)
        {
            await _mapping.DisposeAsync();
        }

        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    [Test]
    public async Task Snmpd_answers_a_TSM_get_sent_through_our_DTLS_mapping_on_the_same_session()
    {
        var agent = new IPEndPoint(IPAddress.Loopback, _lab.DtlsPort);
        var sessionsBefore = _mapping.SessionsOpened;

        // RFC 5343 discovery of snmpd's contextEngineID, then a Get in its context.
        var (discovery, first) = await ExchangeAsync(agent, 1, LocalEngineId, PduType.GetRequest, [new VarBind(SnmpEngineId)]);
        var engineId = (OctetString)discovery.VarBinds.Single().Value;
        Assert.That(engineId.Value.Length, Is.GreaterThanOrEqualTo(5), $"snmpEngineID.0 from snmpd: {discovery.VarBinds.Single()}");

        var (response, second) = await ExchangeAsync(agent, 2, engineId.Value.ToArray(), PduType.GetRequest, [new VarBind(SysName), new VarBind(SysDescr)]);
        Assert.Multiple(() =>
        {
            Assert.That(response.ErrorStatus, Is.EqualTo(ErrorStatus.NoError), _lab.SnmpdLog);
            Assert.That(response.VarBinds.Select(v => v.Oid), Is.EqualTo(new[] { SysName, SysDescr }));
            Assert.That(response.VarBinds[0].Value.ToString(), Is.EqualTo("tlslab-agent"));
            Assert.That(response.VarBinds[1].Value.ToString(), Is.EqualTo("tlslab Net-SNMP agent"));
            Assert.That(second.SessionId, Is.SameAs(first.SessionId), "one DTLS session for both requests");
            Assert.That(second.SecurityName, Is.EqualTo(new OctetString("manager")));
            Assert.That(second.TransportSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
            Assert.That(_mapping.SessionsOpened - sessionsBefore, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Snmptrapd_logs_an_SNMPv2_trap_and_answers_an_inform_sent_through_our_DTLS_mapping()
    {
        var receiver = new IPEndPoint(IPAddress.Loopback, _lab.TrapPort);
        byte[] ourEngineId = [0x80, 0x00, 0x1F, 0x88, 0x04, (byte)'d', (byte)'t', (byte)'l', (byte)'s'];
        VarBind[] trap =
        [
            new VarBind(new ObjectIdentifier("1.3.6.1.2.1.1.3.0"), new TimeTicks(4242)),
            new VarBind(new ObjectIdentifier("1.3.6.1.6.3.1.1.4.1.0"), new ObjectIdentifier("1.3.6.1.6.3.1.1.5.1")),
            new VarBind(SysName, new OctetString("dtls-trap-from-dotnet")),
        ];
        await SendAsync(receiver, 10, ourEngineId, PduType.SNMPv2Trap, trap);
        Assert.That(await _lab.WaitForTrapdLogAsync("dtls-trap-from-dotnet"), Does.Contain("dtls-trap-from-dotnet"));

        trap[2] = new VarBind(SysName, new OctetString("dtls-inform-from-dotnet"));
        var (response, _) = await ExchangeAsync(receiver, 11, ourEngineId, PduType.InformRequest, trap);
        Assert.Multiple(async () =>
        {
            Assert.That(response.Type, Is.EqualTo(PduType.Response));
            Assert.That(response.ErrorStatus, Is.EqualTo(ErrorStatus.NoError));
            Assert.That(await _lab.WaitForTrapdLogAsync("dtls-inform-from-dotnet"), Does.Contain("dtls-inform-from-dotnet"));
        });
    }

    [Test]
    public async Task Net_SNMPs_snmpget_over_dtlsudp_reaches_our_DTLS_server_mapping_and_reads_our_answer()
    {
        // Our mapping as the DTLS server, with the agent's certificate the lab's snmp.conf pins
        // (peerCert); the answers are made by hand here, as the mapping alone is under test.
        var options = _lab.AgentOptions(legacyTls10: false);
        var log = new TimedLog();
        await using var server = new DtlsTransportMapping(new IPEndPoint(IPAddress.Loopback, 0), new TlsPeerVerifier(options), log);
        byte[] ourEngineId = [0x80, 0x00, 0x1F, 0x88, 0x04, (byte)'o', (byte)'u', (byte)'r', (byte)'s'];
        var seen = new List<(OctetString? SecurityName, object? SessionId)>();
        var failures = new List<string>();
        server.Start((bytes, reference) =>
        {
            try
            {
                Answer(bytes, reference);
            }
            catch (Exception e)
            {
                lock (failures)
                {
                    failures.Add($"{Convert.ToHexString(bytes.Span)}: {e}");
                }
            }
        });

        void Answer(ReadOnlyMemory<byte> bytes, TransportStateReference reference)
        {
            var request = SnmpMessageCodec.DecodeV3Message(bytes);
            var pdu = (Pdu)request.ScopedPdu!.Pdu;
            lock (seen)
            {
                seen.Add((reference.SecurityName, reference.SessionId));
            }

            var answers = pdu.VarBinds.Select(v =>
                v.Oid.Equals(SnmpEngineId) ? new VarBind(v.Oid, new OctetString(ourEngineId))
                : v.Oid.Equals(SysServices) ? new VarBind(v.Oid, new Integer32(4242))
                : new VarBind(v.Oid, NoSuchObject.Instance));
            // The response has the request's securityLevel and context (RFC 3412 7.1 step 3,
            // RFC 5591 4.2): Net-SNMP checks both, and sends its RFC 5343 probe noAuthNoPriv.
            var response = new SnmpV3Message(
                new HeaderData(request.GlobalData.MsgId, server.MaxMessageSize, request.GlobalData.MsgFlags & (MsgFlags.Auth | MsgFlags.Priv), TsmSecurityModel),
                ReadOnlyMemory<byte>.Empty,
                new ScopedPdu(request.ScopedPdu.ContextEngineId, request.ScopedPdu.ContextName, new Pdu(PduType.Response, pdu.RequestId, ErrorStatus.NoError, 0, new VarBindList(answers))));
            server.SendMessageAsync(SnmpMessageCodec.Encode(response), reference.ForResponse(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        var port = ((IPEndPoint)server.LocalAddress).Port;
        // -t 5: Net-SNMP's DTLS client gives up when the handshake outlasts its request timeout
        // (1 s by default, counted from before the handshake), and our first handshake in a
        // fresh process pays BouncyCastle's JIT on a busy machine.
        log.LogInformation("snmpget starts");
        var result = await _lab.RunToolAsync("snmpget", "-t", "5", $"dtlsudp:127.0.0.1:{port}", SysServices.ToString());
        log.LogInformation("snmpget ended");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.StandardError + string.Join("\n", failures) + $" datagrams {server.DatagramsReceived}, garbage {server.GarbageDatagrams}, hvr {server.HelloVerifyRequestsSent}, failed {server.HandshakesFailed}, sessions {server.SessionCount}, received {server.MessagesReceived}, dropped {server.MessagesDropped} {log}, discarded {server.RecordsDiscarded}, accepts {server.SessionAccepts}");
            Assert.That(result.StandardOutput, Does.Contain("INTEGER: 4242"));
            Assert.That(server.SessionAccepts, Is.EqualTo(1));
            Assert.That(server.HelloVerifyRequestsSent, Is.GreaterThanOrEqualTo(1), "Net-SNMP went through our cookie exchange");
            lock (seen)
            {
                Assert.That(seen, Is.Not.Empty);
                Assert.That(seen.Select(s => s.SecurityName), Is.All.EqualTo(new OctetString("manager")), "tmSecurityName from snmpget's certificate");
                Assert.That(seen.Select(s => s.SessionId).Distinct().Count(), Is.EqualTo(1), "the probe and the get share one session");
            }
        });
    }

    private async Task SendAsync(IPEndPoint to, int id, byte[] contextEngineId, PduType type, VarBind[] varBinds)
    {
        var message = new SnmpV3Message(
            new HeaderData(id, _mapping.MaxMessageSize, MsgFlags.Auth | MsgFlags.Priv | (type is PduType.SNMPv2Trap ? MsgFlags.None : MsgFlags.Reportable), TsmSecurityModel),
            ReadOnlyMemory<byte>.Empty,
            new ScopedPdu(contextEngineId, ReadOnlyMemory<byte>.Empty, new Pdu(type, 1000 + id, new VarBindList(varBinds))));
        var tmStateReference = new TransportStateReference(TransportDomain.DtlsUdp, to)
        {
            SecurityName = new OctetString("manager"),
            RequestedSecurityLevel = SecurityLevel.AuthPriv,
        };
        using var timeout = new CancellationTokenSource(Patience);
        await _mapping.SendMessageAsync(SnmpMessageCodec.Encode(message), tmStateReference, timeout.Token);
    }

    private async Task<(Pdu Response, TransportStateReference Reference)> ExchangeAsync(IPEndPoint to, int id, byte[] contextEngineId, PduType type, VarBind[] varBinds)
    {
        await SendAsync(to, id, contextEngineId, type, varBinds);
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            (byte[] Message, TransportStateReference Reference) received;
            try
            {
                received = await _received.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No answer to message {id} within {Patience.TotalSeconds} s. snmpd log:\n{_lab.SnmpdLog}\nsnmptrapd log:\n{_lab.SnmptrapdLog}");
                throw;
            }

            var message = SnmpMessageCodec.DecodeV3Message(received.Message);
            if (message.GlobalData.MsgId != id)
            {
                continue; // a late answer to an earlier test's message
            }

            Assert.Multiple(() =>
            {
                Assert.That(message.GlobalData.MsgSecurityModel, Is.EqualTo(TsmSecurityModel));
                Assert.That(message.GlobalData.SecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
                Assert.That(received.Reference.TransportAddress, Is.EqualTo(to));
            });
            var pdu = (Pdu)message.ScopedPdu!.Pdu;
            Assert.That(pdu.Type, Is.EqualTo(PduType.Response), $"got {pdu.Type}: {string.Join(", ", pdu.VarBinds)}");
            return (pdu, received.Reference);
        }
    }

    private sealed class TimedLog : Microsoft.Extensions.Logging.ILogger
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly System.Text.StringBuilder _text = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_text)
            {
                _text.AppendLine($"{_clock.ElapsedMilliseconds} ms {formatter(state, exception)}");
            }
        }

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }
}
