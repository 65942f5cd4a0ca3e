using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Snmp.Tool.Cli;
using Snmp.Transport.Tls;

namespace Snmp.Tool.Tests.Cli;

/// <summary>
/// How a tls:/dtls: agent's certificates are chosen: Net-SNMP's transport prefixes, snmp.conf's
/// tokens under --token=value under -T key=value, identities as fingerprints or file names in a
/// configuration directory's tls/certs with the key in tls/private, and Net-SNMP's complaints.
/// </summary>
public sealed class TlsSettingsTests
{
    private string _conf = "";
    private X509Certificate2 _manager = null!;
    private X509Certificate2 _agent = null!;

    [SetUp]
    public void WriteConfiguration()
    {
        _conf = Directory.CreateTempSubdirectory("tls-settings-").FullName;
        var certs = Directory.CreateDirectory(Path.Combine(_conf, "tls", "certs")).FullName;
        var keys = Directory.CreateDirectory(Path.Combine(_conf, "tls", "private")).FullName;
        _manager = SelfSigned("manager");
        _agent = SelfSigned("agent");
        File.WriteAllText(Path.Combine(certs, "manager.crt"), _manager.ExportCertificatePem());
        File.WriteAllText(Path.Combine(certs, "peer.crt"), _agent.ExportCertificatePem());
        using var key = _manager.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(keys, "manager.key"), key.ExportPkcs8PrivateKeyPem());
    }

    [TearDown]
    public void Remove()
    {
        _manager.Dispose();
        _agent.Dispose();
        Directory.Delete(_conf, recursive: true);
    }

    [TestCase("tls:127.0.0.1:10161", false)]
    [TestCase("tlstcp:127.0.0.1", false)]
    [TestCase("DTLS:[::1]:10161", true)]
    [TestCase("dtlsudp:localhost", true)]
    public void Net_SNMPs_transport_prefixes_name_a_TLS_or_DTLS_agent(string peer, bool datagram)
    {
        Assert.That(TlsSettings.IsTlsPeer(peer, out var isDatagram, out var address), Is.True);
        Assert.That(isDatagram, Is.EqualTo(datagram));
        Assert.That(address, Is.EqualTo(peer[(peer.IndexOf(':', StringComparison.Ordinal) + 1)..]));
    }

    [TestCase("udp:127.0.0.1")]
    [TestCase("tcp:127.0.0.1:161")]
    [TestCase("127.0.0.1")]
    public void Other_agents_are_not_TLS(string peer) => Assert.That(TlsSettings.IsTlsPeer(peer, out _, out _), Is.False);

    [Test]
    public void The_default_port_is_10161_and_the_host_is_what_the_certificate_must_name()
    {
        Assert.That(TlsSettings.WithDefaultPort("127.0.0.1"), Is.EqualTo("127.0.0.1:10161"));
        Assert.That(TlsSettings.Host("agent.example:10161"), Is.EqualTo("agent.example"));
        Assert.That(TlsSettings.Host("[::1]:10161"), Is.EqualTo("::1"));
    }

    [Test]
    public void T_values_override_command_line_tokens_which_override_snmp_conf()
    {
        File.WriteAllText(Path.Combine(_conf, "snmp.conf"), "[snmp] localCert fromconf\n[snmp] peerCert peerconf\ntrustCert ca\n");
        var settings = Read("--localCert=fromline", "-T", "our_identity=fromT");
        Assert.Multiple(() =>
        {
            Assert.That(settings.OurIdentity, Is.EqualTo("fromT"));
            Assert.That(settings.TheirIdentity, Is.EqualTo("peerconf"));
            Assert.That(settings.TrustCert, Is.EqualTo("ca"));
        });
        Assert.That(Read("--localCert=fromline").OurIdentity, Is.EqualTo("fromline"));
    }

    [Test]
    public void A_T_value_is_not_split_at_commas_as_in_Net_SNMP_5_9_3() =>
        Assert.That(Read("-T", "our_identity=a,their_identity=b").OurIdentity, Is.EqualTo("a,their_identity=b"));

    [Test]
    public void Identities_are_found_by_file_name_or_fingerprint_and_the_agent_pinned()
    {
        foreach (var (ours, theirs) in new[] { ("manager", "peer"), ("manager.crt", "peer.crt"), (Sha256(_manager), Sha256(_agent).Replace(":", "", StringComparison.Ordinal)) })
        {
            var settings = Read("-T", $"our_identity={ours}", "-T", $"their_identity={theirs}");
            var options = settings.Build("snmpget", "tls:127.0.0.1", "127.0.0.1", TimeSpan.FromSeconds(5), TextWriter.Null);
            Assert.Multiple(() =>
            {
                Assert.That(options.LocalCertificate!.Thumbprint, Is.EqualTo(_manager.Thumbprint), ours);
                Assert.That(options.LocalCertificate.HasPrivateKey, Is.True);
                Assert.That(options.PeerFingerprints.Single().Matches(_agent), Is.True, theirs);
                Assert.That(options.TrustAnchors, Is.Empty, "a pinned agent needs no anchor, as in Net-SNMP");
            });
        }
    }

    [Test]
    public void The_cipher_list_is_announced_and_asks_for_TLS_1_0_beside_1_2()
    {
        var error = new StringWriter();
        var options = Read("--tlsAlgorithms=DEFAULT:@SECLEVEL=0", "-T", "our_identity=manager", "-T", "their_identity=peer")
            .Build("snmpget", "tls:127.0.0.1", "127.0.0.1", TimeSpan.FromSeconds(5), error);
        Assert.That(error.ToString(), Is.EqualTo("set SSL cipher list to 'DEFAULT:@SECLEVEL=0'\n"));
        Assert.That(options.UsesLegacyProtocols, Is.True);
        Assert.That(Read("-T", "our_identity=manager", "-T", "their_identity=peer").Build("snmpget", "tls:h", "h", TimeSpan.FromSeconds(5), TextWriter.Null).UsesLegacyProtocols, Is.False);
    }

    [TestCase("nosuch", false, "error finding client identity keys\nfailed to create TLS context\nsnmpget: Unknown host (tls:127.0.0.1) (No such file or directory)")]
    [TestCase("peer", false, "error finding client identity keys\nfailed to create TLS context\nsnmpget: Unknown host (tls:127.0.0.1) (No such file or directory)")]
    [TestCase("nosuch", true, "error finding client identity keys\nfailed to create the SSL session structure\nfailed to open a new dtls connection\nfailed rfc5343 contextEngineID probing\nsnmpget: Failure in sendto (No such file or directory)")]
    public void A_local_identity_without_a_certificate_and_key_is_Net_SNMPs_complaint(string identity, bool datagram, string complaint)
    {
        var settings = TlsSettings.Read(CommonOptions.Parse(["-T", $"our_identity={identity}"], "snmpget"), Environment, datagram);
        Assert.That(() => settings.Build("snmpget", "tls:127.0.0.1", "127.0.0.1", TimeSpan.FromSeconds(5), TextWriter.Null),
            Throws.TypeOf<ToolException>().With.Message.EqualTo(complaint));
    }

    [Test]
    public void An_agent_nothing_vouches_for_fails_the_host_name_check_in_Net_SNMPs_words() =>
        Assert.That(() => Read("-T", "our_identity=manager", "-T", "their_identity=nosuch").Build("snmpget", "tls:127.0.0.1", "127.0.0.1", TimeSpan.FromSeconds(5), TextWriter.Null),
            Throws.TypeOf<ToolException>().With.Message.EqualTo(
                "No matching names in the certificate to match the expected 127.0.0.1\ntlstcp: failed to verify ssl certificate\nsnmpget: Unknown host (tls:127.0.0.1)"));

    [Test]
    public void A_refused_pinned_agent_is_told_with_both_fingerprints()
    {
        var settings = Read("-T", "our_identity=manager", "-T", "their_identity=peer");
        settings.Build("snmpget", "tls:127.0.0.1", "127.0.0.1", TimeSpan.FromSeconds(5), TextWriter.Null);
        var failure = new SnmpTransportException($"cannot open a TLS session to 127.0.0.1:10161: the server's certificate 'CN=other' ({Sha256(_manager)}) has an unknown fingerprint: it is none of the 1 pinned PeerFingerprints");
        Assert.That(settings.Explain(failure, "snmpget", "tls:127.0.0.1", "127.0.0.1"), Is.EqualTo(
            "The fingerprint from the remote side's certificate didn't match the expected\n" +
            $"  got {Hex(_manager)}, expected {Hex(_agent)}\ntlstcp: failed to verify ssl certificate\nsnmpget: Unknown host (tls:127.0.0.1)"));
        Assert.That(settings.Explain(new SnmpTransportException("cannot connect (ConnectionRefused)"), "snmpget", "tls:127.0.0.1", "127.0.0.1"), Is.Null);
    }

    private TlsSettings Read(params string[] args) => TlsSettings.Read(CommonOptions.Parse(args, "snmpget"), Environment, datagram: false);

    private string? Environment(string name) => name == "SNMPCONFPATH" ? _conf : null;

    private static string Sha256(X509Certificate2 certificate) => CertificateFingerprint.Compute(certificate, HashAlgorithmName.SHA256).ToString();

    private static string Hex(X509Certificate2 certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
