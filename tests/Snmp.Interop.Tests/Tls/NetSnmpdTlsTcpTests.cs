using System.Collections.Concurrent;
using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Transport.Tls;

namespace Snmp.Interop.Tests.Tls;

/// <summary>
/// Our TLS mapping against Net-SNMP 5.9.3's snmpd over tlstcp, which speaks TLS 1.0 only: the
/// legacy opt-in (BouncyCastle's TLS, no OPENSSL_CONF change) carries a raw SNMPv3 TSM message
/// (msgSecurityModel 4, msgFlags authPriv|reportable, empty msgSecurityParameters) and brings its
/// Response back; the default options (TLS 1.2 and 1.3) cannot reach it.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NetSnmpdTlsTcpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly ObjectIdentifier SnmpEngineId = new("1.3.6.1.6.3.10.2.1.1.0");
    private static readonly ObjectIdentifier SysName = new("1.3.6.1.2.1.1.5.0");

    // RFC 5343 section 3: the localEngineID a command generator uses before it knows the agent's snmpEngineID.
    private static readonly byte[] LocalEngineId = [0x80, 0x00, 0x00, 0x00, 0x06];

    private NetSnmpTlsLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await NetSnmpTlsLab.StartAsync(withTrapd: false);

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [Test]
    [Order(1)]
    public async Task TheLegacyTls10OptInCarriesATsmGetToSnmpdAndItsResponseBack()
    {
        await using var mapping = new TlsTransportMapping(_lab.ManagerOptions(legacyTls10: true));
        var received = new BlockingCollection<(byte[] Message, TransportStateReference Tm)>();
        mapping.Start((message, tm) => received.Add((message.ToArray(), tm)));
        var target = new TransportStateReference(TransportDomain.TlsTcp, _lab.TlsEndPoint)
        {
            SecurityName = new OctetString("manager"),
            RequestedSecurityLevel = SecurityLevel.AuthPriv,
        };

        // RFC 5343 discovery of snmpd's snmpEngineID, then a Get in its context.
        var discovery = await GetAsync(mapping, received, target, 1, LocalEngineId, SnmpEngineId);
        var engineId = (OctetString)discovery.ScopedPdu!.Pdu.VarBinds.Single().Value;
        var answer = await GetAsync(mapping, received, target, 2, engineId.ToArray(), SysName);

        var pdu = (Pdu)answer.ScopedPdu!.Pdu;
        Assert.Multiple(() =>
        {
            Assert.That(answer.GlobalData.MsgSecurityModel, Is.EqualTo(4), "the Transport Security Model");
            Assert.That(answer.GlobalData.SecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
            Assert.That(pdu.Type, Is.EqualTo(PduType.Response));
            Assert.That(pdu.ErrorStatus, Is.EqualTo(ErrorStatus.NoError), _lab.SnmpdLog);
            Assert.That(pdu.VarBinds.Single().Value, Is.EqualTo(new OctetString("tlslab-agent")));
            Assert.That(mapping.Statistics.SessionOpens, Is.EqualTo(1), "both requests on one session");
        });
    }

    [Test]
    [Order(2)]
    public async Task TheDefaultTls12And13OptionsCannotReachSnmpdsTls10()
    {
        await using var mapping = new TlsTransportMapping(_lab.ManagerOptions(legacyTls10: false));
        mapping.Start((_, _) => { });
        var message = Encode(1, LocalEngineId, SnmpEngineId);
        var target = new TransportStateReference(TransportDomain.TlsTcp, _lab.TlsEndPoint) { SecurityName = new OctetString("manager") };

        Assert.That(async () => await mapping.SendMessageAsync(message, target, CancellationToken.None),
            Throws.TypeOf<SnmpTransportException>().With.Message.Contains("cannot open a TLS session"));
    }

    private static async Task<SnmpV3Message> GetAsync(TlsTransportMapping mapping, BlockingCollection<(byte[] Message, TransportStateReference Tm)> received,
        TransportStateReference target, int id, byte[] contextEngineId, ObjectIdentifier oid)
    {
        await mapping.SendMessageAsync(Encode(id, contextEngineId, oid), target, CancellationToken.None);
        Assert.That(received.TryTake(out var reply, Patience), Is.True, "snmpd did not answer over tlstcp");
        Assert.Multiple(() =>
        {
            Assert.That(reply.Tm.TransportDomain, Is.EqualTo(TransportDomain.TlsTcp));
            Assert.That(reply.Tm.TransportSecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
            Assert.That(reply.Tm.SecurityName, Is.EqualTo(new OctetString("manager")));
        });
        var message = SnmpMessageCodec.DecodeV3Message(reply.Message);
        Assert.That(message.GlobalData.MsgId, Is.EqualTo(id));
        return message;
    }

    private static byte[] Encode(int id, byte[] contextEngineId, ObjectIdentifier oid) =>
        SnmpMessageCodec.Encode(new SnmpV3Message(
            new HeaderData(id, 65507, MsgFlags.Auth | MsgFlags.Priv | MsgFlags.Reportable, SecurityModel.Tsm.Value),
            ReadOnlyMemory<byte>.Empty,
            new ScopedPdu(contextEngineId, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.GetRequest, id, new VarBindList([new VarBind(oid)])))));
}
