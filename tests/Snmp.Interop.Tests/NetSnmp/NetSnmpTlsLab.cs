using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Snmp.Transport.Tls;

namespace Snmp.Interop.Tests.NetSnmp;

/// <summary>
/// A private Net-SNMP TLS lab (the recipe of /work/shared/labs/netsnmp-tls, built in C#): a CA,
/// an agent certificate (CN=agent, SAN localhost and 127.0.0.1; snmptrapd uses it too) and a
/// manager certificate (CN=manager, SAN email manager@tlslab.test), made with .NET and written
/// as PEM files where Net-SNMP reads them (&lt;confdir&gt;/tls/{certs,ca-certs,private}); snmpd on
/// tcp, tlstcp and dtlsudp and snmptrapd on tlstcp and dtlsudp, each on fresh free ports, with
/// its own SNMPCONFPATH and SNMP_PERSISTENT_DIR in a temp dir. The daemons map the manager's
/// certificate to tmSecurityName "manager" (certSecName ... --cn), which is an authPriv rwuser /
/// authUser over TSM. <c>tlsAlgorithms DEFAULT:@SECLEVEL=0</c> lets Net-SNMP 5.9.3's TLS 1.0-only
/// tlstcp work under OpenSSL 3.
/// One lab per test class: Net-SNMP's DTLS server wedges after a failed handshake, and its
/// tlstcp port cannot be bound again for about a minute, so a lab's ports are never reused
/// (not even by a later lab in the same test run). Disposing stops exactly the processes it started.
/// </summary>
internal sealed class NetSnmpTlsLab : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly HashSet<int> PortsHandedOut = [];

    private readonly List<Process> _processes = [];

    private NetSnmpTlsLab()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("netsnmp-tls-lab-").FullName;
        TcpPort = FreePort();
        TlsPort = FreePort();
        DtlsPort = FreePort();
        TrapPort = FreePort();
        Ca = CreateCa();
        Agent = CreateLeaf(Ca, "agent", b => { b.AddDnsName("localhost"); b.AddIpAddress(IPAddress.Loopback); });
        Manager = CreateLeaf(Ca, "manager", b => b.AddEmailAddress("manager@tlslab.test"));
    }

    /// <summary>The temp directory of the whole lab (agent/, trapd/, manager/, each with conf/ and persist/).</summary>
    public string Directory { get; }

    /// <summary>snmpd's RFC 3430 plain TCP port (community public / private).</summary>
    public int TcpPort { get; }

    /// <summary>snmpd's tlstcp port (RFC 6353 TLS; TLS 1.0 only in Net-SNMP 5.9.3).</summary>
    public int TlsPort { get; }

    /// <summary>snmpd's dtlsudp port (RFC 6353 DTLS 1.2).</summary>
    public int DtlsPort { get; }

    /// <summary>snmptrapd's port, on both tlstcp and dtlsudp.</summary>
    public int TrapPort { get; }

    /// <summary>The lab CA (Net-SNMP's trustCert on every side).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The agent's certificate with its private key: snmpd's and snmptrapd's identity, and the Net-SNMP client's peerCert (so our own Agent may present it too).</summary>
    public X509Certificate2 Agent { get; }

    /// <summary>The manager's certificate with its private key: what Net-SNMP's tools present, and what our Manager presents to the daemons.</summary>
    public X509Certificate2 Manager { get; }

    /// <summary>SHA-256 fingerprints, as Net-SNMP computes them (the certificates' own signature hash).</summary>
    public CertificateFingerprint CaFingerprint => CertificateFingerprint.Compute(Ca, HashAlgorithmName.SHA256);

    public CertificateFingerprint AgentFingerprint => CertificateFingerprint.Compute(Agent, HashAlgorithmName.SHA256);

    public CertificateFingerprint ManagerFingerprint => CertificateFingerprint.Compute(Manager, HashAlgorithmName.SHA256);

    public IPEndPoint TlsEndPoint => new(IPAddress.Loopback, TlsPort);

    public IPEndPoint TrapEndPoint => new(IPAddress.Loopback, TrapPort);

    /// <summary>What snmpd has logged so far.</summary>
    public string SnmpdLog => ReadShared(Path.Combine(Directory, "snmpd.log"));

    /// <summary>What snmptrapd has logged so far (one entry per notification).</summary>
    public string SnmptrapdLog => ReadShared(Path.Combine(Directory, "snmptrapd.log"));

    private string AgentConf => Path.Combine(Directory, "agent", "conf");

    private string TrapdConf => Path.Combine(Directory, "trapd", "conf");

    private string ManagerConf => Path.Combine(Directory, "manager", "conf");

    /// <summary>
    /// A client's environment: SNMPCONFPATH and SNMP_PERSISTENT_DIR of the manager (whose snmp.conf
    /// names the certificates: defSecurityModel tsm, localCert, peerCert) or, with
    /// <paramref name="bare"/>, of a client whose snmp.conf says only tlsAlgorithms, so the
    /// command line must name them. Both have the manager's tls/ directory (certs/manager.crt,
    /// certs/peer.crt the agent's, ca-certs/ca.crt, private/manager.key).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment(bool bare) => new Dictionary<string, string>
    {
        ["SNMPCONFPATH"] = bare ? BareClientConf : ManagerConf,
        ["SNMP_PERSISTENT_DIR"] = Path.Combine(Directory, bare ? "client" : "manager", "persist"),
    };

    private string BareClientConf => Path.Combine(Directory, "client", "conf");

    /// <summary>
    /// Our manager's options against this lab: the manager's certificate, the agent pinned (and
    /// the CA trusted), and tmSecurityName "manager" for the agent's certificate should our side
    /// be the server. <paramref name="legacyTls10"/> adds TLS 1.0, which snmpd's tlstcp needs.
    /// </summary>
    public TlsTransportOptions ManagerOptions(bool legacyTls10 = true) => Options(Manager, legacyTls10);

    /// <summary>Our agent's or receiver's options for Net-SNMP's tools: the agent's certificate, the CA trusted, the manager's certificate mapped to "manager" by its CN.</summary>
    public TlsTransportOptions AgentOptions(bool legacyTls10 = true) => Options(Agent, legacyTls10);

    private TlsTransportOptions Options(X509Certificate2 local, bool legacyTls10) => new()
    {
        LocalCertificate = local,
        TrustAnchors = [Ca],
        PeerFingerprints = [local == Manager ? AgentFingerprint : ManagerFingerprint],
        CertificateToSecurityName = [new CertificateToSecurityName(CaFingerprint, CertificateMapType.CommonName)],
#pragma warning disable SYSLIB0039 // Net-SNMP 5.9.3's tlstcp speaks TLS 1.0 only (the documented legacy opt-in).
        EnabledProtocols = legacyTls10
            ? System.Security.Authentication.SslProtocols.Tls | System.Security.Authentication.SslProtocols.Tls12
            : System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
#pragma warning restore SYSLIB0039
    };

    /// <summary>Starts snmpd (and snmptrapd unless <paramref name="withTrapd"/> is false) and waits (bounded) until they listen and snmpd answers.</summary>
    /// <param name="withTrapd">Whether to start snmptrapd too.</param>
    /// <param name="extraAgentConfig">More snmpd.conf lines.</param>
    public static async Task<NetSnmpTlsLab> StartAsync(bool withTrapd = true, IReadOnlyList<string>? extraAgentConfig = null)
    {
        var snmpd = NetSnmpInstallation.Require("snmpd");
        var snmptrapd = withTrapd ? NetSnmpInstallation.Require("snmptrapd") : null;
        var lab = new NetSnmpTlsLab();
        try
        {
            lab.WriteFiles(extraAgentConfig ?? []);
            lab.Start(snmpd, lab.AgentConf, Path.Combine(lab.Directory, "agent", "persist"),
                ["-f", "-C", "-c", Path.Combine(lab.AgentConf, "snmpd.conf"), "-I", "-smux", "-Lf", Path.Combine(lab.Directory, "snmpd.log"),
                 "-p", Path.Combine(lab.Directory, "snmpd.pid"), "-m", ""]);
            if (snmptrapd is not null)
            {
                lab.Start(snmptrapd, lab.TrapdConf, Path.Combine(lab.Directory, "trapd", "persist"),
                    ["-f", "-C", "-c", Path.Combine(lab.TrapdConf, "snmptrapd.conf"), "-Lf", Path.Combine(lab.Directory, "snmptrapd.log"), "-n", "-On", "-m", "",
                     "-p", Path.Combine(lab.Directory, "snmptrapd.pid")]);
            }

            await lab.WaitUntilReadyAsync(withTrapd);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a Net-SNMP client tool as the lab's manager: SNMPCONFPATH is the manager's conf
    /// directory (snmp.conf: defSecurityModel tsm, localCert manager, peerCert agent, tlsAlgorithms),
    /// with its own SNMP_PERSISTENT_DIR, no MIBs, numeric output (-On). Bounded by <paramref name="timeout"/>.
    /// </summary>
    public Task<NetSnmpResult> RunToolAsync(string tool, TimeSpan timeout, params string[] arguments) =>
        NetSnmpTools.RunAsync(tool, timeout, outputOptions: true, new Dictionary<string, string>
        {
            ["SNMPCONFPATH"] = ManagerConf,
            ["SNMP_PERSISTENT_DIR"] = Path.Combine(Directory, "manager", "persist"),
        }, arguments);

    /// <inheritdoc cref="RunToolAsync(string, TimeSpan, string[])"/>
    public Task<NetSnmpResult> RunToolAsync(string tool, params string[] arguments) => RunToolAsync(tool, TimeSpan.FromSeconds(30), arguments);

    /// <summary>Waits (bounded) until snmptrapd's log holds an entry containing <paramref name="marker"/>, and returns the log.</summary>
    public async Task<string> WaitForTrapdLogAsync(string marker)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var log = SnmptrapdLog;
            if (log.Contains(marker, StringComparison.Ordinal))
            {
                return log;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"snmptrapd logged nothing with \"{marker}\" within {Patience.TotalSeconds} s:\n{log}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await StopAsync(process);
        }

        _processes.Clear();
        Ca.Dispose();
        Agent.Dispose();
        Manager.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void WriteFiles(IReadOnlyList<string> extraAgentConfig)
    {
        var agentFp = AgentFingerprint.ToString();
        var managerFp = ManagerFingerprint.ToString();
        var caFp = CaFingerprint.ToString();

        WriteIdentity(AgentConf, "agent", Agent, peer: null);
        WriteIdentity(TrapdConf, "agent", Agent, peer: null);
        WriteIdentity(ManagerConf, "manager", Manager, peer: Agent);
        WriteIdentity(BareClientConf, "manager", Manager, peer: Agent);
        File.WriteAllText(Path.Combine(BareClientConf, "snmp.conf"), "[snmp] tlsAlgorithms DEFAULT:@SECLEVEL=0\n");
        foreach (var role in new[] { "agent", "trapd", "manager", "client" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, role, "persist"));
        }

        // certSecName: both rows give the CN (see the recipe's 6.3: Net-SNMP does not honour the priority reliably).
        var agent = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"agentAddress tcp:127.0.0.1:{TcpPort},tlstcp:127.0.0.1:{TlsPort},dtlsudp:127.0.0.1:{DtlsPort}")
            .AppendLine(CultureInfo.InvariantCulture, $"[snmp] localCert {agentFp}")
            .AppendLine(CultureInfo.InvariantCulture, $"[snmp] trustCert {caFp}")
            .AppendLine("[snmp] tlsAlgorithms DEFAULT:@SECLEVEL=0")
            .AppendLine(CultureInfo.InvariantCulture, $"certSecName 10 {managerFp} --cn")
            .AppendLine(CultureInfo.InvariantCulture, $"certSecName 20 {caFp} --cn")
            .AppendLine("rwuser -s tsm manager authpriv")
            .AppendLine("rwcommunity private 127.0.0.1")
            .AppendLine("rocommunity public 127.0.0.1")
            .AppendLine("sysDescr tlslab Net-SNMP agent")
            .AppendLine("sysName tlslab-agent")
            .AppendLine("dontLogTCPWrappersConnects yes");
        foreach (var line in extraAgentConfig)
        {
            agent.AppendLine(line);
        }

        File.WriteAllText(Path.Combine(AgentConf, "snmpd.conf"), agent.ToString());

        File.WriteAllText(Path.Combine(TrapdConf, "snmptrapd.conf"), new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"snmpTrapdAddr tlstcp:127.0.0.1:{TrapPort},dtlsudp:127.0.0.1:{TrapPort}")
            .AppendLine(CultureInfo.InvariantCulture, $"[snmp] localCert {agentFp}")
            .AppendLine(CultureInfo.InvariantCulture, $"[snmp] trustCert {caFp}")
            .AppendLine("[snmp] tlsAlgorithms DEFAULT:@SECLEVEL=0")
            .AppendLine(CultureInfo.InvariantCulture, $"certSecName 10 {managerFp} --cn")
            .AppendLine(CultureInfo.InvariantCulture, $"certSecName 20 {caFp} --cn")
            .AppendLine("authUser log,execute,net -s tsm manager authPriv")
            .ToString());

        File.WriteAllText(Path.Combine(ManagerConf, "snmp.conf"), new StringBuilder()
            .AppendLine("defSecurityModel tsm")
            .AppendLine("defVersion 3")
            .AppendLine("[snmp] tlsAlgorithms DEFAULT:@SECLEVEL=0")
            .AppendLine(CultureInfo.InvariantCulture, $"[snmp] localCert {managerFp}")
            .AppendLine(CultureInfo.InvariantCulture, $"[snmp] peerCert {agentFp}")
            .ToString());
    }

    // <conf>/tls/certs/NAME.crt, <conf>/tls/private/NAME.key (0600 in a 0700 directory),
    // <conf>/tls/ca-certs/ca.crt, and a peer's certificate in certs/ when the side pins one.
    private void WriteIdentity(string conf, string name, X509Certificate2 certificate, X509Certificate2? peer)
    {
        var tls = Path.Combine(conf, "tls");
        var certs = System.IO.Directory.CreateDirectory(Path.Combine(tls, "certs")).FullName;
        var caCerts = System.IO.Directory.CreateDirectory(Path.Combine(tls, "ca-certs")).FullName;
        var privateDir = System.IO.Directory.CreateDirectory(Path.Combine(tls, "private")).FullName;
        File.WriteAllText(Path.Combine(certs, name + ".crt"), certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(caCerts, "ca.crt"), Ca.ExportCertificatePem() + "\n");
        if (peer is not null)
        {
            File.WriteAllText(Path.Combine(certs, "peer.crt"), peer.ExportCertificatePem() + "\n");
        }

        var keyFile = Path.Combine(privateDir, name + ".key");
        using var key = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private void Start(string program, string confPath, string persistentDir, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SNMPCONFPATH"] = confPath;
        start.Environment["SNMP_PERSISTENT_DIR"] = persistentDir;
        start.Environment["MIBS"] = "";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    // Ready when snmpd answers a v2c Get on its plain TCP port and every TLS/DTLS port is bound
    // (read from /proc/net, so no half-made handshake can upset the daemons).
    private async Task WaitUntilReadyAsync(bool withTrapd)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            foreach (var process in _processes)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode} at start-up:\nsnmpd:\n{SnmpdLog}\nsnmptrapd:\n{SnmptrapdLog}");
                }
            }

            var listening = IsListening("tcp", TlsPort) && IsListening("udp", DtlsPort)
                && (!withTrapd || (IsListening("tcp", TrapPort) && IsListening("udp", TrapPort)));
            if (listening && await AnswersOverTcpAsync())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the Net-SNMP TLS lab was not ready within {Patience.TotalSeconds} s:\nsnmpd:\n{SnmpdLog}\nsnmptrapd:\n{SnmptrapdLog}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<bool> AnswersOverTcpAsync()
    {
        // A minimal SNMPv2c GetRequest for sysUpTime.0 (community "public", request-id 1), by
        // hand so the fixture does not depend on the library under test.
        byte[] probe =
        [
            0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, (byte)'p', (byte)'u', (byte)'b', (byte)'l', (byte)'i', (byte)'c',
            0xA0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0E, 0x30, 0x0C,
            0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00, 0x05, 0x00,
        ];
        try
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var client = new TcpClient(AddressFamily.InterNetwork);
            await client.ConnectAsync(IPAddress.Loopback, TcpPort, wait.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(probe, wait.Token);
            var buffer = new byte[2];
            return await stream.ReadAsync(buffer, wait.Token) > 0 && buffer[0] == 0x30;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    internal static bool IsListening(string protocol, int port)
    {
        // /proc/net/{tcp,udp}: "sl local_address rem_address st ..."; LISTEN is st 0A for TCP, a
        // bound UDP socket is st 07. 127.0.0.1 is 0100007F.
        var suffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines($"/proc/net/{protocol}").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[1].EndsWith(suffix, StringComparison.Ordinal) && fields[3] == (protocol == "tcp" ? "0A" : "07"))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                // SIGTERM lets the daemon close its sockets and save state; kill after a grace period.
                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await kill.WaitForExitAsync();
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    private static string ReadShared(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
        catch (DirectoryNotFoundException)
        {
            return "";
        }
    }

    // A port free on 127.0.0.1 for both TCP and UDP that no lab of this process has had before.
    internal static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                continue;
            }

            lock (PortsHandedOut)
            {
                if (PortsHandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("no free port for the Net-SNMP TLS lab");
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=tlslab-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddYears(10));
    }

    private static X509Certificate2 CreateLeaf(X509Certificate2 ca, string commonName, Action<SubjectAlternativeNameBuilder> sans)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var builder = new SubjectAlternativeNameBuilder();
        sans(builder);
        request.CertificateExtensions.Add(builder.Build());
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5), serial);
        return signed.CopyWithPrivateKey(key);
    }
}
