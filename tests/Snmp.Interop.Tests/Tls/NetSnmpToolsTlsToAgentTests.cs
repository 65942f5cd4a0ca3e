using System.Net;
using Snmp.AbstractServices;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Messages;

namespace Snmp.Interop.Tests.Tls;

/// <summary>
/// Net-SNMP 5.9.3's snmpget, snmpwalk and snmpset (TSM over tlstcp with TLS 1.0, or dtlsudp)
/// against our Agent listening on "tls:" (the legacy opt-in) or "dtls:"; "-t 5" because Net-SNMP's
/// DTLS client counts its handshake in the request's timeout: the lab's manager certificate is mapped to
/// tmSecurityName "manager" by its CN, which VACM lets read and write under model 4; the
/// Net-SNMP client pins our agent's certificate (the lab's agent certificate, its peerCert).
/// The tools find our contextEngineID themselves, by RFC 5343 discovery: their probe names the
/// localEngineID '8000000006'H and accepts only a Response that echoes it (snmpv3_verify_msg),
/// which our agent does while it processes the probe as addressed to its own snmpEngineID.
/// </summary>
[TestFixture("tls")]
[TestFixture("dtls")]
[NonParallelizable]
public sealed class NetSnmpToolsTlsToAgentTests(string scheme)
{
    // Ours: "tls:"/"dtls:"; Net-SNMP's names for the same domains: "tlstcp:"/"dtlsudp:".
    private readonly string _netSnmpScheme = scheme == "tls" ? "tlstcp" : "dtlsudp";

    private NetSnmpTlsLab _lab = null!;
    private Snmp.Agent _agent = null!;
    private string _address = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _lab = await NetSnmpTlsLab.StartAsync(withTrapd: false);
        _agent = new Snmp.Agent(new AgentOptions
        {
            ListenOn = [$"{scheme}:127.0.0.1:0"],
            Tls = _lab.AgentOptions(legacyTls10: true),
            SysName = "our-tls-agent",
            SysContact = "nobody",
        });
        _agent.AddSecurityName(SecurityModel.Tsm, "manager", SecurityLevel.AuthPriv, writable: true);
        var endPoint = (IPEndPoint)_agent.ListeningAddresses.Single();
        _address = $"{_netSnmpScheme}:127.0.0.1:{endPoint.Port}";
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _agent.DisposeAsync();
        await _lab.DisposeAsync();
    }

    [Test]
    public async Task Snmpget()
    {
        var result = await _lab.RunToolAsync("snmpget", "-t", "5", _address, "1.3.6.1.2.1.1.5.0");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.VarBinds.Single(), Is.EqualTo(new NetSnmpVarBind("1.3.6.1.2.1.1.5.0", "Hex-STRING", Hex("our-tls-agent"))));
    }

    [Test]
    public async Task Snmpwalk()
    {
        var result = await _lab.RunToolAsync("snmpwalk", "-t", "5", _address, "1.3.6.1.2.1.1");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(result.VarBinds.Select(v => v.Oid), Does.Contain("1.3.6.1.2.1.1.1.0").And.Contain("1.3.6.1.2.1.1.5.0"));
        Assert.That(result.VarBinds.Select(v => v.Oid), Is.All.StartWith("1.3.6.1.2.1.1."));
    }

    [Test]
    public async Task SnmpsetThenSnmpget()
    {
        var set = await _lab.RunToolAsync("snmpset", "-t", "5", _address, "1.3.6.1.2.1.1.4.0", "s", $"set-by-snmpset-over-{scheme}");
        Assert.That(set.ExitCode, Is.Zero, set.StandardError);
        var get = await _lab.RunToolAsync("snmpget", "-t", "5", _address, "1.3.6.1.2.1.1.4.0");
        Assert.That(get.VarBinds.Single().Value, Is.EqualTo(Hex($"set-by-snmpset-over-{scheme}")));
    }

    private static string Hex(string text) => NetSnmpTools.Render(new OctetString(text)).Value;
}
