using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Tls;

/// <summary>
/// Our Manager with the Transport Security Model over our TLS mapping (against snmpd's tlstcp,
/// TLS 1.0, so the legacy opt-in) and over our DTLS mapping (against its dtlsudp, DTLS 1.2) of
/// Net-SNMP 5.9.3: RFC 5343 discovery, Get, GetNext, GetBulk, Set and a walk, authorised by
/// snmpd's <c>rwuser -s tsm manager authpriv</c> for the tmSecurityName its certSecName row gives
/// our certificate. The reference walk goes over tlstcp for both: snmpd 5.9.3's dtlsudp does not
/// complete a second client's handshake while our DTLS session is open ("failed to send a DTLS
/// specific packet" in its log; it does once our session has sent close_notify).
/// </summary>
[TestFixture("tls")]
[TestFixture("dtls")]
[NonParallelizable]
public sealed class NetSnmpdTsmOverTlsTests(string scheme)
{
    private static readonly ObjectIdentifier SysDescr = new("1.3.6.1.2.1.1.1.0");
    private static readonly ObjectIdentifier SysContact = new("1.3.6.1.2.1.1.4.0");
    private static readonly ObjectIdentifier SysName = new("1.3.6.1.2.1.1.5.0");
    private static readonly ObjectIdentifier System = new("1.3.6.1.2.1.1");
    private static readonly RequestOptions Patient = new() { Timeout = TimeSpan.FromSeconds(20) };

    private NetSnmpTlsLab _lab = null!;
    private Engine _engine = null!;
    private Manager _manager = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _lab = await NetSnmpTlsLab.StartAsync(withTrapd: false);
        _engine = new Engine(new EngineOptions { Tls = _lab.ManagerOptions(legacyTls10: scheme == "tls") });
        var address = scheme == "tls" ? $"tlstcp:127.0.0.1:{_lab.TlsPort}" : $"dtlsudp:127.0.0.1:{_lab.DtlsPort}";
        _manager = _engine.Manager(address, securityModel: SecurityModel.Tsm, defaultUserName: "manager");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    [Test]
    public async Task Get()
    {
        var result = await _manager.GetAsync([SysName, SysDescr], Patient);
        Assert.Multiple(() =>
        {
            Assert.That(result[0].Value, Is.EqualTo(new OctetString("tlslab-agent")), _lab.SnmpdLog);
            Assert.That(result[1].Value.ToString(), Does.StartWith("tlslab Net-SNMP agent"));
            Assert.That(_manager.EngineId, Is.Not.Null, "found by RFC 5343 discovery");
        });
    }

    [Test]
    public async Task GetNextAndGetBulk()
    {
        var next = await _manager.GetNextAsync([System], Patient);
        var bulk = await _manager.GetBulkAsync(0, 5, [System], Patient);
        Assert.Multiple(() =>
        {
            Assert.That(next[0].Oid, Is.EqualTo(SysDescr));
            Assert.That(bulk, Has.Count.EqualTo(5));
            Assert.That(bulk[0].Oid, Is.EqualTo(SysDescr));
            Assert.That(bulk.Select(v => v.Oid).ToArray(), Is.Ordered.Using<ObjectIdentifier>(Comparer<ObjectIdentifier>.Default));
        });
    }

    [Test]
    public async Task SetThenGet()
    {
        await _manager.SetAsync([new VarBind(SysContact, new OctetString($"set-over-{scheme}"))], Patient);
        var result = await _manager.GetAsync([SysContact], Patient);
        Assert.That(result[0].Value, Is.EqualTo(new OctetString($"set-over-{scheme}")));
    }

    [Test]
    public async Task Walk()
    {
        var walked = new List<VarBind>();
        await foreach (var varBind in _manager.WalkAsync(System, Patient))
        {
            walked.Add(varBind);
        }

        var tool = await _lab.RunToolAsync("snmpwalk", $"tlstcp:127.0.0.1:{_lab.TlsPort}", "1.3.6.1.2.1.1");
        Assert.That(tool.ExitCode, Is.Zero, tool.StandardError);
        Assert.Multiple(() =>
        {
            Assert.That(walked.Select(v => v.Oid.ToString()), Is.EqualTo(tool.VarBinds.Select(v => v.Oid)), "the same OIDs as snmpwalk over tlstcp");
            Assert.That(walked, Has.Some.Matches<VarBind>(v => v.Oid == SysName));
        });
    }
}
