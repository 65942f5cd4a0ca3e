using Snmp.Applications;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Interop.Tests.Tcp;

/// <summary>
/// Net-SNMP's snmptrap and snmpinform over "tcp:127.0.0.1:port" (RFC 3430) to our TrapReceiver
/// listening on TCP: the notifications delivered, and the inform's Response back on the
/// connection it came on (snmpinform exits 0 only when it got it).
/// </summary>
[TestFixture]
[NonParallelizable]
public class NetSnmpToTrapReceiverOverTcpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private TrapReceiver _receiver = null!;
    private IAsyncEnumerator<ReceivedNotification> _notifications = null!;
    private string _peer = null!;

    [SetUp]
    public void SetUp()
    {
        _receiver = new TrapReceiver(new TrapReceiverOptions { Communities = ["public"], ListenOn = ["tcp:127.0.0.1:0"] });
        _notifications = _receiver.ReadAllAsync().GetAsyncEnumerator();
        _peer = $"tcp:127.0.0.1:{_receiver.Endpoints[0].Port}";
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _notifications.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<ReceivedNotification> NextAsync()
    {
        Assert.That(await _notifications.MoveNextAsync().AsTask().WaitAsync(Patience), Is.True);
        return _notifications.Current;
    }

    [Test]
    public async Task snmptrap_v2c_over_tcp_is_delivered()
    {
        var result = await NetSnmpTools.RunAsync("snmptrap", "-v", "2c", "-c", "public", _peer, "4200", "1.3.6.1.4.1.99999.0.31",
            "1.3.6.1.4.1.99999.1.1.0", "s", "over tcp");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);

        var n = await NextAsync();
        Assert.That((n.Version, n.PduType, n.SysUpTime, n.TrapOid), Is.EqualTo((SnmpVersion.SNMPv2c, PduType.SNMPv2Trap, new TimeTicks(4200), new ObjectIdentifier("1.3.6.1.4.1.99999.0.31"))));
        Assert.That(n.Payload, Is.EqualTo(new[] { new VarBind("1.3.6.1.4.1.99999.1.1.0", new OctetString("over tcp")) }));
    }

    [Test]
    public async Task snmpinform_over_tcp_gets_its_Response_on_its_connection()
    {
        var result = await NetSnmpTools.RunAsync("snmpinform", "-v", "2c", "-c", "public", "-t", "5", "-r", "0", _peer, "77", "1.3.6.1.4.1.99999.0.33",
            "1.3.6.1.4.1.99999.1.3.0", "u", "33");
        Assert.That(result.ExitCode, Is.Zero, "snmpinform exits 0 only when acknowledged: " + result.StandardError);

        var n = await NextAsync();
        Assert.That(n.IsInform, Is.True);
        Assert.That(n.Payload, Is.EqualTo(new[] { new VarBind("1.3.6.1.4.1.99999.1.3.0", new Gauge32(33)) }));
    }
}
