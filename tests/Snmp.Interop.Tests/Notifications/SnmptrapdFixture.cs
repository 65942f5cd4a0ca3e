using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Snmp.Interop.Tests.NetSnmp;

namespace Snmp.Interop.Tests.Notifications;

/// <summary>
/// A private Net-SNMP snmptrapd on 127.0.0.1 and a free high port, with its own configuration
/// file (community "public" may log, execute and forward; no other authorization), its log and
/// persistent directory in a temp dir. It acknowledges informs, so readiness is an snmpinform
/// that gets its Response. Tests of SNMPv3 add their USM users (createUser, authUser) as
/// further configuration lines.
/// </summary>
internal sealed class SnmptrapdFixture : IAsyncDisposable
{
    public const string Community = "public";

    /// <summary>The snmpTrapOID of the readiness probe: tests look for other notifications.</summary>
    public const string ProbeTrapOid = "1.3.6.1.4.1.99999.0.999";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private Process? _process;

    private SnmptrapdFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("snmptrapd-fixture-").FullName;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>Our address syntax for snmptrapd.</summary>
    public string Address => $"127.0.0.1:{Port}";

    private string LogFile => Path.Combine(Directory, "snmptrapd.log");

    /// <summary>What snmptrapd has logged so far.</summary>
    public string Log
    {
        get
        {
            try
            {
                using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                return new StreamReader(stream).ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                return "";
            }
        }
    }

    /// <summary>Starts snmptrapd with the community configuration and <paramref name="extraConfig"/> (snmptrapd.conf lines).</summary>
    public static async Task<SnmptrapdFixture> StartAsync(params string[] extraConfig)
    {
        var snmptrapd = NetSnmpInstallation.Require("snmptrapd");
        NetSnmpInstallation.Require("snmpinform");
        var fixture = new SnmptrapdFixture();
        try
        {
            var config = Path.Combine(fixture.Directory, "snmptrapd.conf");
            await File.WriteAllTextAsync(config, $"authCommunity log,execute,net {Community}\ndisableAuthorization yes\n" + string.Concat(extraConfig.Select(line => line + "\n")));
            var start = new ProcessStartInfo(snmptrapd) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            // -f foreground; -C only our config file; -Lf log file; -n no host name lookups;
            // -On numeric OIDs; -m "" no MIBs; -p a pid file of its own.
            foreach (var arg in new[] { "-f", "-C", "-c", config, "-Lf", fixture.LogFile, "-n", "-On", "-m", "", "-p", Path.Combine(fixture.Directory, "snmptrapd.pid"), $"udp:127.0.0.1:{fixture.Port}" })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["SNMP_PERSISTENT_DIR"] = Path.Combine(fixture.Directory, "persist");
            start.Environment["MIBS"] = "";
            fixture._process = Process.Start(start) ?? throw new InvalidOperationException("snmptrapd did not start.");
            fixture._process.BeginOutputReadLine();
            fixture._process.BeginErrorReadLine();
            await fixture.WaitUntilAcknowledgingAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilAcknowledgingAsync()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"snmptrapd exited with {_process.ExitCode} at start-up:\n{Log}");
            }

            var probe = await NetSnmpTools.RunAsync("snmpinform", "-v", "2c", "-c", Community, "-t", "0.5", "-r", "0", $"udp:{Address}", "0", ProbeTrapOid);
            if (probe.ExitCode == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"snmptrapd did not acknowledge an inform within {Patience.TotalSeconds} s:\n{probe.StandardError}\n{Log}");
            }
        }
    }

    /// <summary>Waits (bounded) until the log holds a notification whose text contains <paramref name="marker"/>, and returns that entry.</summary>
    public async Task<string> WaitForEntryAsync(string marker)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            // Each notification is an entry starting with a date line; continuation lines start with a tab.
            var entries = System.Text.RegularExpressions.Regex.Split(Log, @"\n(?=\d{4}-\d{2}-\d{2} )");
            var entry = entries.FirstOrDefault(e => e.Contains(marker, StringComparison.Ordinal));
            if (entry is not null)
            {
                return entry;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"snmptrapd logged nothing with \"{marker}\" within {Patience.TotalSeconds} s:\n{Log}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            finally
            {
                process.Dispose();
            }
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
