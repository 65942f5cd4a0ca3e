using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Tls;

/// <summary>The lab fixture itself, checked with Net-SNMP's own tools: TSM over tlstcp and dtlsudp, a trap to snmptrapd.</summary>
[TestFixture]
[NonParallelizable]
public sealed class NetSnmpTlsLabTests
{
    private NetSnmpTlsLab _lab = null!;

    [OneTimeSetUp]
    public async Task StartLab() => _lab = await NetSnmpTlsLab.StartAsync();

    [OneTimeTearDown]
    public async Task StopLab() => await _lab.DisposeAsync();

    [Test]
    public async Task NetSnmpsToolsGetOverTlsTcpAndDtlsUdpAsManager()
    {
        var tls = await _lab.RunToolAsync("snmpget", $"tlstcp:127.0.0.1:{_lab.TlsPort}", "1.3.6.1.2.1.1.5.0");
        var dtls = await _lab.RunToolAsync("snmpget", $"dtlsudp:127.0.0.1:{_lab.DtlsPort}", "1.3.6.1.2.1.1.5.0");
        Assert.Multiple(() =>
        {
            Assert.That(tls.ExitCode, Is.Zero, tls.StandardError + _lab.SnmpdLog);
            Assert.That(tls.VarBinds.Single().Oid, Is.EqualTo("1.3.6.1.2.1.1.5.0"));
            Assert.That(dtls.ExitCode, Is.Zero, dtls.StandardError + _lab.SnmpdLog);
            Assert.That(dtls.VarBinds.Single().Oid, Is.EqualTo("1.3.6.1.2.1.1.5.0"));
        });
    }

    [Test]
    public async Task SnmptrapdLogsATrapOverTlsTcpFromTheManager()
    {
        var result = await _lab.RunToolAsync("snmptrap", "-T", $"their_identity={_lab.AgentFingerprint}",
            $"tlstcp:127.0.0.1:{_lab.TrapPort}", "", "1.3.6.1.6.3.1.1.5.1", "1.3.6.1.2.1.1.5.0", "s", "lab-tls-trap");
        Assert.That(result.ExitCode, Is.Zero, result.StandardError);
        Assert.That(await _lab.WaitForTrapdLogAsync("lab-tls-trap"), Does.Contain("lab-tls-trap"));
    }
}
