using System.Net;
using Snmp.AbstractServices;
using Snmp.Applications;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Tls;

/// <summary>
/// Net-SNMP 5.9.3's snmptrap and snmpinform (TSM over tlstcp with TLS 1.0, or dtlsudp) to our
/// TrapReceiver listening on "tls:" (the legacy opt-in) or "dtls:": each arrives as TSM authPriv
/// from "manager", the name our certificate map gives the lab's manager certificate; the inform
/// is acknowledged. snmpinform is given the receiver's contextEngineID (-E): our TrapReceiver has
/// no command responder, so it does not answer the RFC 5343 probe Net-SNMP would otherwise send
/// (our Agent does).
/// </summary>
/// <remarks>
/// snmptrap sends over dtlsudp as it closes its session: it queues the trap, then gives the
/// handshake six reads of one datagram each, 50 ms at most apiece (netsnmp_dtlsudp_close), and
/// drops the trap if the handshake has not finished by then. Our server sends each flight in one
/// datagram, so the handshake takes three of them and the rest is time for our side's work. The
/// inform goes first: a receiver whose DTLS code has never run (the JIT compiles BouncyCastle on
/// the first handshake) can take longer than those 300 ms, and snmpinform, which waits for its
/// answer and retries, is not bound by them.
/// </remarks>
[TestFixture("tls")]
[TestFixture("dtls")]
[NonParallelizable]
public sealed class NetSnmpToolsTlsToTrapReceiverTests(string scheme)
{
    // Ours: "tls:"/"dtls:"; Net-SNMP's names for the same domains: "tlstcp:"/"dtlsudp:".
    private readonly string _netSnmpScheme = scheme == "tls" ? "tlstcp" : "dtlsudp";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private NetSnmpTlsLab _lab = null!;
    private TrapReceiver _receiver = null!;
    private string _address = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _lab = await NetSnmpTlsLab.StartAsync(withTrapd: false);
        _receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = [$"{scheme}:127.0.0.1:0"],
            Tls = _lab.AgentOptions(legacyTls10: true),
            Principals = [new TrapReceiverPrincipal(SecurityModel.Tsm, "manager")],   // Net-SNMP's "authUser log -s tsm manager authPriv"
        });
        _address = $"{_netSnmpScheme}:127.0.0.1:{((IPEndPoint)_receiver.ListeningAddresses.Single()).Port}";
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _receiver.DisposeAsync();
        await _lab.DisposeAsync();
    }

    [Test]
    public async Task SnmptrapAndSnmpinformArriveAsTheManager()
    {
        var inform = await _lab.RunToolAsync("snmpinform", "-t", "5", "-e", _receiver.LocalEngine.EngineId.ToHex(), "-E", _receiver.LocalEngine.EngineId.ToHex(), _address, "", "1.3.6.1.6.3.1.1.5.2", "1.3.6.1.2.1.1.5.0", "s", $"{scheme}-inform");
        Assert.That(inform.ExitCode, Is.Zero, $"the inform was not acknowledged: {inform.StandardError}");
        var trap = await _lab.RunToolAsync("snmptrap", "-t", "5", _address, "", "1.3.6.1.6.3.1.1.5.1", "1.3.6.1.2.1.1.5.0", "s", $"{scheme}-trap");
        Assert.That(trap.ExitCode, Is.Zero, trap.StandardError);

        var received = new List<ReceivedNotification>();
        using var reading = new CancellationTokenSource(Patience);
        try
        {
            await foreach (var notification in _receiver.ReadAllAsync(reading.Token))
            {
                received.Add(notification);
                if (received.Count(n => n.PduType is PduType.SNMPv2Trap or PduType.InformRequest && n.Payload.Any()) == 2)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // What did arrive is checked below.
        }

        var ours = received.Where(n => n.Payload.Any()).ToList();
        Assert.That(_receiver.RefusedPrincipals, Is.Zero);
        Assert.That(ours.Select(n => n.PduType), Is.EquivalentTo(new[] { PduType.SNMPv2Trap, PduType.InformRequest }), $"what arrived within {Patience.TotalSeconds} s");
        Assert.Multiple(() =>
        {
            Assert.That(ours.All(n => n.SecurityModel == SecurityModel.Tsm && n.SecurityLevel == SecurityLevel.AuthPriv), Is.True);
            Assert.That(ours.All(n => n.Community == new OctetString("manager")), Is.True, "the tmSecurityName of the manager's certificate");
            Assert.That(ours.Select(n => n.Payload.Single().Value), Is.EquivalentTo(new[] { new OctetString($"{scheme}-trap"), new OctetString($"{scheme}-inform") }));
        });
    }
}
