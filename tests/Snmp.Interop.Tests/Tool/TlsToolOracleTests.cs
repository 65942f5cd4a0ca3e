using Snmp.Interop.Tests.MibModules;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// Our <c>snmp</c> beside Net-SNMP's programs over <c>tlstcp:</c>/<c>tls:</c> (RFC 6353 TLS,
/// TLS 1.0 in snmpd 5.9.3) and <c>dtlsudp:</c>/<c>dtls:</c> (DTLS 1.2) to a private snmpd of the
/// Net-SNMP TLS lab, SNMPv3 under the Transport Security Model: the same stdout, stderr and exit
/// code, line by line (<see cref="ToolOracle"/>), for the certificates named by
/// <c>-T our_identity=X -T their_identity=Y</c> (fingerprints or file names looked up in the
/// SNMPCONFPATH directory's tls/certs and tls/private), by <c>--localCert=</c>/<c>--peerCert=</c>,
/// and by snmp.conf's localCert/peerCert; and for bad input: an unknown local identity, a missing
/// certificate file, an agent whose certificate is not the pinned one, an agent nothing vouches
/// for. Every handshake is bounded (-t/-r, and the oracle's 60 s per command). The refused DTLS
/// handshakes run last: snmpd 5.9.3's dtlsudp may stop answering after one.
/// </summary>
[NonParallelizable]
public class TlsToolOracleTests
{
    private static NetSnmpTlsLab? _lab;
    private static string _mibs = "";

    [OneTimeSetUp]
    public async Task StartLab()
    {
        _mibs = MibValueRenderingTests.FindIetf();
        _lab = await NetSnmpTlsLab.StartAsync(withTrapd: true);
    }

    [OneTimeTearDown]
    public async Task StopLab()
    {
        if (_lab is not null)
        {
            await _lab.DisposeAsync();
        }
    }

    private static string[] Args(string line) => ToolOracle.Words(line
        .Replace("{tls}", $"tlstcp:127.0.0.1:{_lab!.TlsPort}", StringComparison.Ordinal)
        .Replace("{tls:}", $"tls:127.0.0.1:{_lab.TlsPort}", StringComparison.Ordinal)
        .Replace("{dtls}", $"dtlsudp:127.0.0.1:{_lab.DtlsPort}", StringComparison.Ordinal)
        .Replace("{dtls:}", $"dtls:127.0.0.1:{_lab.DtlsPort}", StringComparison.Ordinal)
        .Replace("{trap-tls}", $"tls:127.0.0.1:{_lab.TrapPort}", StringComparison.Ordinal)
        .Replace("{trap-dtls}", $"dtls:127.0.0.1:{_lab.TrapPort}", StringComparison.Ordinal)
        .Replace("{ours}", $"our_identity={_lab.ManagerFingerprint}", StringComparison.Ordinal)
        .Replace("{theirs}", $"their_identity={_lab.AgentFingerprint}", StringComparison.Ordinal)
        .Replace("{mibs}", $"-M {_mibs} -m ALL", StringComparison.Ordinal));

    private const string Ids = "-T {ours} -T {theirs}";
    private const string Files = "-T our_identity=manager -T their_identity=peer";
    private const string System = "1.3.6.1.2.1.1";

    public static IEnumerable<TestCaseData> Commands()
    {
        foreach (var agent in new[] { "{tls}", "{dtls}" })
        {
            yield return Case("snmpget", $"-v3 --defSecurityModel=tsm {Ids} -On {agent} 1.3.6.1.2.1.1.1.0 1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.1.9.9");
            yield return Case("snmpgetnext", $"-v3 {Files} {agent} {System} 1.3.6.1.2.1.1.9.1.2");
            yield return Case("snmpbulkget", $"-v3 {Ids} -Cn1 -Cr5 {agent} 1.3.6.1.2.1.1.1 1.3.6.1.2.1.1.9.1.3");
            yield return Case("snmpwalk", $"-v3 -T our_identity=manager -T their_identity=peer {agent} {System}");
            yield return Case("snmpbulkwalk", $"-v3 {Ids} -Cr7 -On {agent} 1.3.6.1.2.1.1.9");
            yield return Case("snmpset", $"-v3 {Ids} {agent} 1.3.6.1.2.1.1.4.0 s set-by-both 1.3.6.1.2.1.1.6.0 s lab");
            yield return Case("snmptable", $"-v3 {Ids} {{mibs}} -Ci {agent} SNMPv2-MIB::sysORTable");
            yield return Case("snmpget", $"--localCert=manager --peerCert=peer {{mibs}} {agent} SNMPv2-MIB::sysName.0");
        }

        yield return Case("snmpget", $"-v3 {Ids} {{tls:}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpwalk", $"-v3 {Files} {{dtls:}} 1.3.6.1.2.1.1.9.1.2");
        yield return Case("snmpget", $"-v2c -c public {Ids} {{tls}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"-v3 -l authNoPriv {Ids} {{tls}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"-v3 -T their_hostname=localhost -T trust_cert=ca -T our_identity=manager {{tls}} 1.3.6.1.2.1.1.5.0");
    }

    public static IEnumerable<TestCaseData> BadInput()
    {
        foreach (var agent in new[] { "{tls}", "{dtls}" })
        {
            // No such certificate, a fingerprint no certificate has, no local identity at all.
            yield return Case("snmpget", $"-v3 -T our_identity=nosuch -T their_identity=peer {agent} 1.3.6.1.2.1.1.5.0");
            yield return Case("snmpget", $"-v3 -T our_identity=11:22:33:44:55:66:77:88:99:00:11:22:33:44:55:66:77:88:99:00 {agent} 1.3.6.1.2.1.1.5.0");
            yield return Case("snmpget", $"-v3 -T their_identity=peer {agent} 1.3.6.1.2.1.1.5.0");
            // Net-SNMP 5.9.3 does not split -T at commas: the identity is "manager,their_identity=peer".
            yield return Case("snmpwalk", $"-v3 -T our_identity=manager,their_identity=peer {agent} {System}");
            // The agent's key is not ours to use (no private/agent.key beside certs/peer.crt).
            yield return Case("snmpget", $"-v3 -T our_identity=peer -T their_identity=peer {agent} 1.3.6.1.2.1.1.5.0");
        }

        // An agent whose certificate is not the pinned one, and one nothing vouches for.
        yield return Case("snmpget", $"-v3 -T our_identity=manager -T their_identity=manager {{tls}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"-v3 -T our_identity=manager {{tls}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"-v3 -T our_identity=manager -T their_identity=nosuch {{tls}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"-v3 -T our_identity=manager -T trust_cert=ca -T their_hostname=elsewhere.test {{tls}} 1.3.6.1.2.1.1.5.0");
        yield return Case("snmpget", $"-v1 -c public -T our_identity=nosuch {{tls}} 1.3.6.1.2.1.1.5.0");
    }

    private static TestCaseData Case(string program, string line) => new TestCaseData(program, line).SetArgDisplayNames(program, line);

    [TestCaseSource(nameof(Commands))]
    [Order(1)]
    public Task Same_output_as_Net_SNMP(string program, string line) => AssertSameAsync(program, line, bare: true);

    [Test]
    [Order(2)]
    public Task The_certificates_of_snmp_conf_are_used_when_the_command_line_names_none() =>
        AssertSameAsync("snmpwalk", "-On {tls} 1.3.6.1.2.1.1.9.1.2", bare: false);

    [TestCaseSource(nameof(BadInput))]
    [Order(3)]
    public Task Same_complaint_and_exit_code_as_Net_SNMP(string program, string line) => AssertSameAsync(program, line, bare: true);

    [TestCase("snmptrap", "tls")]
    [TestCase("snmptrap", "dtls")]
    [TestCase("snmpinform", "tls")]
    [TestCase("snmpinform", "dtls")]
    [Order(2)]
    public async Task A_notification_to_snmptrapd_is_sent_as_Net_SNMP_sends_it(string program, string scheme)
    {
        // Both print nothing and exit 0; snmptrapd (authUser -s tsm manager authPriv) logs each.
        var line = $"-v3 -t 5 {Files} {{trap-{scheme}}} '' 1.3.6.1.6.3.1.1.5.1 1.3.6.1.2.1.1.5.0 s ";
        var environment = _lab!.ClientEnvironment(bare: true);
        var theirs = await ToolOracle.RunTheirsAsync(environment, program, Args(line + $"theirs-{program}-{scheme}"));
        var ours = await ToolOracle.RunOursAsync(environment, [ToolOracle.Subcommand(program), .. Args(line + $"ours-{program}-{scheme}")]);
        Assert.That(ToolOracle.Differences(program, theirs, ours), Is.Empty);
        var log = await _lab.WaitForTrapdLogAsync($"ours-{program}-{scheme}");
        Assert.Multiple(() =>
        {
            Assert.That(log, Does.Contain($"theirs-{program}-{scheme}"));
            Assert.That(log, Does.Match($"{(scheme == "tls" ? "TLSTCP" : "DTLSUDP")}: [^\n]*\n[^\n]*ours-{program}-{scheme}"), "logged as received over the scheme asked for");
        });
    }

    [Test]
    [Order(4)]
    public async Task The_agents_address_matches_an_iPAddress_subjectAltName_where_Net_SNMP_wants_a_dNSName()
    {
        // Documented difference (README): with only a trust certificate, the agent's certificate
        // must carry the agent's host; snmpd's has IP:127.0.0.1, which RFC 5280 / RFC 6125 and the
        // library accept, and Net-SNMP 5.9.3 (dNSName and CN only) does not.
        var args = Args("-v3 -T our_identity=manager -T trust_cert=ca -On {tls} 1.3.6.1.2.1.1.5.0");
        var environment = _lab!.ClientEnvironment(bare: true);
        var theirs = await ToolOracle.RunTheirsAsync(environment, "snmpget", args);
        var ours = await ToolOracle.RunOursAsync(environment, ["get", .. args]);
        Assert.Multiple(() =>
        {
            Assert.That(theirs.ExitCode, Is.EqualTo(1));
            Assert.That(theirs.Complaints, Does.Contain("No matching names in the certificate to match the expected 127.0.0.1"));
            Assert.That(ours.ExitCode, Is.Zero, ours.StandardError);
            Assert.That(ours.StandardOutput, Is.EqualTo(".1.3.6.1.2.1.1.5.0 = STRING: \"tlslab-agent\"\n"));
        });
    }

    [Test]
    [Order(5)]
    public async Task A_DTLS_agent_whose_certificate_is_not_the_pinned_one_is_refused_with_Net_SNMPs_first_lines()
    {
        // Documented difference (README): Net-SNMP tries the DTLS handshake once per retry and
        // prints its refusal each time ("tsm: needed to free transport data" between); the library
        // gives up after the first refused handshake, so ours prints the lines once. Last: a
        // refused handshake can leave snmpd 5.9.3's dtlsudp deaf.
        var args = Args("-v3 -r 0 -t 3 -T our_identity=manager -T their_identity=manager {dtls} 1.3.6.1.2.1.1.5.0");
        var ours = await ToolOracle.RunOursAsync(_lab!.ClientEnvironment(bare: true), ["get", .. args]);
        Assert.Multiple(() =>
        {
            Assert.That(ours.ExitCode, Is.EqualTo(1));
            Assert.That(ours.StandardError, Is.EqualTo(
                "set SSL cipher list to 'DEFAULT:@SECLEVEL=0'\n" +
                "The fingerprint from the remote side's certificate didn't match the expected\n" +
                $"  got {Hex(_lab.AgentFingerprint)}, expected {Hex(_lab.ManagerFingerprint)}\n" +
                "DTLSUDP: failed to verify ssl certificate (of the server)\n" +
                "failed rfc5343 contextEngineID probing\n" +
                "snmpget: Timeout (Success)\n"));
        });
    }

    private static string Hex(Snmp.Transport.Tls.CertificateFingerprint fingerprint) => Convert.ToHexStringLower(fingerprint.Hash.Span);

    private static async Task AssertSameAsync(string program, string line, bool bare)
    {
        var args = Args(line);
        var differences = await ToolOracle.CompareAsync(_lab!.ClientEnvironment(bare), program, args);
        TestContext.Out.WriteLine($"{program} {string.Join(' ', args)}: {(differences.Count == 0 ? "same" : "DIFFERENT")}");
        Assert.That(differences, Is.Empty, string.Join("\n", differences) + "\nsnmpd log:\n" + _lab.SnmpdLog);
    }
}
