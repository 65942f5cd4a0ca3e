using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Snmp.Interop.Tests.NetSnmp;

/// <summary>
/// A private Net-SNMP snmpd on 127.0.0.1 and [::1], on free high ports, with its configuration
/// and persistent directory in a temp dir (never /etc or /var): community "public" read-only and
/// "private" read-write from loopback. sysContact, sysName and sysLocation are left out of the
/// configuration so they stay writable.
/// </summary>
internal sealed class SnmpdFixture : IAsyncDisposable
{
    public const string ReadCommunity = "public";
    public const string WriteCommunity = "private";

    private readonly string _snmpd;
    private readonly IReadOnlyList<string> _extraConfig;
    private readonly bool _tcp;
    private readonly IReadOnlyList<string> _extraArguments;
    private Process? _process;
    private readonly StringBuilder _output = new();

    private SnmpdFixture(string snmpd, IReadOnlyList<string> extraConfig, bool tcp, IReadOnlyList<string> extraArguments)
    {
        _extraArguments = extraArguments;
        _snmpd = snmpd;
        _extraConfig = extraConfig;
        _tcp = tcp;
        Directory = System.IO.Directory.CreateTempSubdirectory("snmpd-fixture-").FullName;
        PersistentDirectory = Path.Combine(Directory, "persist");
        System.IO.Directory.CreateDirectory(PersistentDirectory);
        Port = FreeUdpPort(IPAddress.Loopback);
        Port6 = FreeUdpPort(IPAddress.IPv6Loopback);
        TcpPort = FreeTcpPort(IPAddress.Loopback);
        TcpPort6 = FreeTcpPort(IPAddress.IPv6Loopback);
    }

    /// <summary>The temp directory holding snmpd.conf, the log and the persistent directory.</summary>
    public string Directory { get; }

    /// <summary>snmpd's persistent directory (where v3 users will be created).</summary>
    public string PersistentDirectory { get; }

    public int Port { get; }

    public int Port6 { get; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    public IPEndPoint Endpoint6 => new(IPAddress.IPv6Loopback, Port6);

    /// <summary>Net-SNMP's address syntax for the IPv4 and IPv6 agent addresses.</summary>
    public string Peer => $"udp:127.0.0.1:{Port}";

    public string Peer6 => $"udp6:[::1]:{Port6}";

    /// <summary>The TCP ports (RFC 3430) snmpd also listens on when started with <c>tcp: true</c>.</summary>
    public int TcpPort { get; }

    public int TcpPort6 { get; }

    /// <summary>Net-SNMP's (and our) address syntax for the TCP agent addresses.</summary>
    public string TcpPeer => $"tcp:127.0.0.1:{TcpPort}";

    public string TcpPeer6 => $"tcp6:[::1]:{TcpPort6}";

    /// <summary>What snmpd logged, for failure messages.</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : _output.ToString();

    private string LogFile => Path.Combine(Directory, "snmpd.log");

    private string ConfigFile => Path.Combine(Directory, "snmpd.conf");

    /// <param name="extraConfig">Lines added to snmpd.conf.</param>
    /// <param name="tcp">Also listen on <see cref="TcpPeer"/> and <see cref="TcpPeer6"/>.</param>
    /// <param name="extraArguments">Command-line arguments added to snmpd's (<c>-I -system_mib</c>: without a MIB module).</param>
    public static async Task<SnmpdFixture> StartAsync(IReadOnlyList<string>? extraConfig = null, bool tcp = false, IReadOnlyList<string>? extraArguments = null)
    {
        var fixture = new SnmpdFixture(NetSnmpInstallation.Require("snmpd"), extraConfig ?? [], tcp, extraArguments ?? []);
        try
        {
            await fixture.StartProcessAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops snmpd and starts it again on the same ports with the same persistent directory.</summary>
    public async Task RestartAsync()
    {
        await StopProcessAsync();
        await StartProcessAsync();
    }

    /// <summary>
    /// Stops snmpd, empties its persistent directory (snmpEngineBoots, learnt users) and starts it
    /// again on the same ports: a device without non-volatile storage coming back with
    /// snmpEngineBoots 1. Its snmpEngineID stays the same when the configuration fixes it
    /// (<c>engineID</c>); users made by <c>createUser</c> in the configuration are made again.
    /// </summary>
    public async Task RestartWithoutPersistentStateAsync()
    {
        await StopProcessAsync();
        System.IO.Directory.Delete(PersistentDirectory, recursive: true);
        System.IO.Directory.CreateDirectory(PersistentDirectory);
        await StartProcessAsync();
    }

    private async Task StartProcessAsync()
    {
        var config = new StringBuilder()
            .AppendLine($"agentAddress udp:127.0.0.1:{Port},udp6:[::1]:{Port6}{(_tcp ? $",tcp:127.0.0.1:{TcpPort},tcp6:[::1]:{TcpPort6}" : "")}")
            .AppendLine($"rocommunity {ReadCommunity} 127.0.0.1")
            .AppendLine($"rwcommunity {WriteCommunity} 127.0.0.1")
            .AppendLine($"rocommunity6 {ReadCommunity} ::1")
            .AppendLine($"rwcommunity6 {WriteCommunity} ::1")
            .AppendLine("dontLogTCPWrappersConnects yes")
            .AppendLine($"persistentDir {PersistentDirectory}");
        foreach (var line in _extraConfig)
        {
            config.AppendLine(line);
        }

        await File.WriteAllTextAsync(ConfigFile, config.ToString());
        var start = new ProcessStartInfo(_snmpd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -f: foreground; -C: only the config files given with -c, which must then name the
        // persistent file too (snmpEngineID, snmpEngineBoots, users) for a restart to keep them;
        // -m "": no MIB modules to load; -Lf: log file.
        var persisted = Path.Combine(PersistentDirectory, "snmpd.conf");
        var configFiles = File.Exists(persisted) ? $"{ConfigFile},{persisted}" : ConfigFile;
        foreach (var arg in new[] { "-f", "-C", "-c", configFiles, "-Lf", LogFile, "-p", Path.Combine(Directory, "snmpd.pid"), "-m", "" }.Concat(_extraArguments))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SNMP_PERSISTENT_DIR"] = PersistentDirectory;
        start.Environment["MIBS"] = "";
        _process = Process.Start(start) ?? throw new InvalidOperationException("snmpd did not start.");
        _process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilAnsweringAsync();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        // A minimal SNMPv2c GetRequest for sysUpTime.0 (community "public", request-id 1), written
        // out by hand so the fixture does not depend on the library under test.
        byte[] probe =
        [
            0x30, 0x26, 0x02, 0x01, 0x01, 0x04, 0x06, (byte)'p', (byte)'u', (byte)'b', (byte)'l', (byte)'i', (byte)'c',
            0xA0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0E, 0x30, 0x0C,
            0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00, 0x05, 0x00,
        ];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        foreach (var endpoint in new[] { Endpoint, Endpoint6 })
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var buffer = new byte[1500];
            while (true)
            {
                if (_process!.HasExited)
                {
                    throw new InvalidOperationException($"snmpd exited with {_process.ExitCode} at start-up:\n{Log}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"snmpd did not answer on {endpoint} within 15 s:\n{Log}");
                }

                await socket.SendToAsync(probe, endpoint);
                using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
                try
                {
                    await socket.ReceiveFromAsync(buffer, new IPEndPoint(endpoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), wait.Token);
                    break;
                }
                catch (OperationCanceledException)
                {
                }
                catch (SocketException)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    private async Task StopProcessAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                // SIGTERM lets snmpd save its persistent state (snmpEngineBoots) before exiting.
                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
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

    /// <summary>True while snmpd runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The process id of the running snmpd.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("snmpd is not running.");

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreeTcpPort(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static int FreeUdpPort(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
