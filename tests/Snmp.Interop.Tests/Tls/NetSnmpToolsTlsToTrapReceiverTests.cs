using System.Net;
using System.Threading.Channels;
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
/// is acknowledged. snmpinform learns the receiver's contextEngineID by RFC 5343 discovery first (a
/// Get of snmpEngineID.0 to the localEngineID '8000000006'H, answered only if echoed): the
/// receiver answers it, and the inform names the receiver's snmpEngineID.
/// </summary>
/// <remarks>
/// snmptrap sends over dtlsudp as it closes its session: it queues the trap, then gives the
/// handshake six reads of one datagram each, 50 ms at most apiece (netsnmp_dtlsudp_close), and
/// drops the trap if the handshake has not finished by then. Our server sends each flight in one
/// datagram, so the handshake takes three of them and the rest is time for our side's work. The
/// inform goes first: a receiver whose DTLS code has never run (the JIT compiles BouncyCastle on
/// the first handshake) can take longer than those 300 ms, and snmpinform, which waits for its
/// answer and retries, is not bound by them. On a machine too busy to give our side its share of
/// those 300 ms, a trap is lost all the same, so snmptrap gets a few runs.
/// </remarks>
[TestFixture("tls")]
[TestFixture("dtls")]
[NonParallelizable]
public sealed class NetSnmpToolsTlsToTrapReceiverTests(string scheme)
{
    // Ours: "tls:"/"dtls:"; Net-SNMP's names for the same domains: "tlstcp:"/"dtlsudp:".
    private readonly string _netSnmpScheme = scheme == "tls" ? "tlstcp" : "dtlsudp";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // snmptrap over dtlsudp is best effort by design (see the remarks): a few runs, each given a
    // bounded wait for its trap. Without one datagram per flight no run can succeed (eight
    // datagrams against six reads), whatever the load.
    private const int TrapAttempts = 5;
    private static readonly TimeSpan TrapWait = TimeSpan.FromSeconds(5);

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
        using var stop = new CancellationTokenSource();
        var arrived = Channel.CreateUnbounded<ReceivedNotification>();
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var notification in _receiver.ReadAllAsync(stop.Token))
                {
                    arrived.Writer.TryWrite(notification);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        // No -E: snmpinform finds the receiver's contextEngineID by RFC 5343 discovery.
        var inform = await _lab.RunToolAsync("snmpinform", "-t", "5", _address, "", "1.3.6.1.6.3.1.1.5.2", "1.3.6.1.2.1.1.5.0", "s", $"{scheme}-inform");
        Assert.That(inform.ExitCode, Is.Zero, $"the inform was not acknowledged: {inform.StandardError}");
        var informed = await NextAsync(arrived, Patience);

        ReceivedNotification? trapped = null;
        var attempts = 0;
        while (trapped is null && attempts < TrapAttempts)
        {
            attempts++;
            var trap = await _lab.RunToolAsync("snmptrap", "-t", "5", _address, "", "1.3.6.1.6.3.1.1.5.1", "1.3.6.1.2.1.1.5.0", "s", $"{scheme}-trap-{attempts}");
            Assert.That(trap.ExitCode, Is.Zero, trap.StandardError);
            trapped = await NextAsync(arrived, TrapWait);
        }

        await stop.CancelAsync();
        await pump;
        TestContext.Out.WriteLine($"{scheme}: snmptrap runs until a trap arrived: {attempts}");
        Assert.That(informed?.PduType, Is.EqualTo(PduType.InformRequest), $"the inform did not arrive within {Patience.TotalSeconds} s");
        Assert.That(trapped?.PduType, Is.EqualTo(PduType.SNMPv2Trap), $"none of {attempts} snmptrap runs' traps arrived");
        Assert.Multiple(() =>
        {
            Assert.That(_receiver.RefusedPrincipals, Is.Zero);
            foreach (var n in new[] { informed!, trapped! })
            {
                Assert.That(n.SecurityModel, Is.EqualTo(SecurityModel.Tsm));
                Assert.That(n.SecurityLevel, Is.EqualTo(SecurityLevel.AuthPriv));
                Assert.That(n.Community, Is.EqualTo(new OctetString("manager")), "the tmSecurityName of the manager's certificate");
            }

            Assert.That(informed!.Payload.Single().Value, Is.EqualTo(new OctetString($"{scheme}-inform")));
            Assert.That(trapped!.Payload.Single().Value.ToString(), Does.StartWith($"{scheme}-trap-"));
            Assert.That(informed.ContextEngineId, Is.EqualTo(_receiver.LocalEngine.EngineId), "the contextEngineID discovery found");
            Assert.That(_receiver.Statistics[SnmpCounter.SnmpUnknownPDUHandlers], Is.Zero, "the discovery request was answered, not refused");
        });
    }

    private static async Task<ReceivedNotification?> NextAsync(Channel<ReceivedNotification> arrived, TimeSpan wait)
    {
        using var limit = new CancellationTokenSource(wait);
        try
        {
            return await arrived.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
