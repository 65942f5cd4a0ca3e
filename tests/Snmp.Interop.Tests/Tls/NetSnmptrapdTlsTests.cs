using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Tls;

/// <summary>
/// Our Notifier with the Transport Security Model over our TLS mapping (legacy TLS 1.0 opt-in)
/// or our DTLS mapping (DTLS 1.2) to Net-SNMP 5.9.3's snmptrapd over tlstcp or dtlsudp: a trap is logged, an inform is logged and
/// acknowledged, both from "manager" (snmptrapd's <c>authUser ... -s tsm manager authPriv</c>).
/// </summary>
[TestFixture("tls")]
[TestFixture("dtls")]
[NonParallelizable]
public sealed class NetSnmptrapdTlsTests(string scheme)
{

    private static readonly ObjectIdentifier ColdStart = new("1.3.6.1.6.3.1.1.5.1");
    private static readonly ObjectIdentifier SysName = new("1.3.6.1.2.1.1.5.0");

    private NetSnmpTlsLab _lab = null!;
    private Engine _engine = null!;
    private Notifier _notifier = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _lab = await NetSnmpTlsLab.StartAsync();
        _engine = new Engine(new EngineOptions { Tls = _lab.ManagerOptions(legacyTls10: true) });
        _notifier = _engine.Notifier($"{scheme}:127.0.0.1:{_lab.TrapPort}", securityModel: SecurityModel.Tsm, defaultUserName: "manager");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _engine.DisposeAsync();
        await _lab.DisposeAsync();
    }

    [Test]
    public async Task ATrapIsLogged()
    {
        await _notifier.SendTrapAsync(ColdStart, [new VarBind(SysName, new OctetString($"our-{scheme}-trap"))]);
        var log = await _lab.WaitForTrapdLogAsync($"our-{scheme}-trap");
        Assert.That(log, Does.Contain($"our-{scheme}-trap"));
    }

    [Test]
    public async Task AnInformIsLoggedAndAcknowledged()
    {
        var response = await _notifier.InformAsync(ColdStart, [new VarBind(SysName, new OctetString($"our-{scheme}-inform"))],
            options: new RequestOptions { Timeout = TimeSpan.FromSeconds(20) });
        Assert.That(response.Select(v => v.Value), Has.Some.EqualTo(new OctetString($"our-{scheme}-inform")));
        Assert.That(await _lab.WaitForTrapdLogAsync($"our-{scheme}-inform"), Does.Contain($"our-{scheme}-inform"));
    }
}
