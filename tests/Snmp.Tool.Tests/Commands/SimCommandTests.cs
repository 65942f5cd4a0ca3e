using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Testing;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Tests.Commands;

/// <summary>
/// <c>snmp sim</c> end to end in process: several SNMPv3 users on the command line (each -u with
/// its own -a/-A/-x/-X, as snmpsimd's repeated --v3-user), each read by Net-SNMP's snmpget with its
/// own level and protocols. snmpget is a peer: missing, the test fails under CI=true.
/// </summary>
[NonParallelizable]
public class SimCommandTests
{
    private static string Snmpget() => NetSnmpInstallation.Require("snmpget");

    private static async Task<(int Exit, string Output, string Error)> SnmpgetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Snmpget()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SNMP_PERSISTENT_DIR"] = Path.Combine(Path.GetTempPath(), "snmp-tool-sim-tests");
        start.Environment["MIBS"] = "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, NetSnmpStandardError.Complaints(await error));
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [Test]
    public async Task Several_users_each_with_its_own_level_and_protocols_read_the_devices()
    {
        Snmpget();
        var directory = Directory.CreateTempSubdirectory("snmp-sim-users-");
        var file = Path.Combine(directory.FullName, "router.snmprec");
        await File.WriteAllTextAsync(file, "1.3.6.1.2.1.1.1.0|4|router one\n1.3.6.1.2.1.1.5.0|4|edge\n");
        int port = FreeUdpPort();
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var stop = new CancellationTokenSource();
        var output = TextWriter.Synchronized(stdout);
        string Printed()
        {
            lock (output)
            {
                return stdout.ToString();       // the synchronized writer writes under a lock on itself
            }
        }

        var sim = SnmpTool.RunAsync(
        [
            "sim", $"--file={file}",
            "-u", "alice", "-a", "SHA", "-A", "alice-auth-1", "-x", "AES", "-X", "alice-priv-1",
            "-u", "bob", "-a", "SHA-256", "-A", "bob-auth-12",
            "-u", "carol",
            "-u", "dave", "-A", "dave-auth-1",
            $"127.0.0.1:{port}",
        ], new ToolConsole(output, TextWriter.Synchronized(stderr), errorIsTerminal: false, _ => null), stop.Token);
        try
        {
            // Bounded wait for the simulator to say it serves (it starts in process).
            var waited = Stopwatch.StartNew();
            while (!Printed().Contains("Serving until Ctrl+C.", StringComparison.Ordinal))
            {
                Assert.That(sim.IsCompleted, Is.False, $"snmp sim ended: {Printed()}{stderr}");
                Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "snmp sim did not start");
                await Task.Delay(50);
            }

            string[] Get(params string[] security) => ["-v3", .. security, "-n", "router", "-On", "-r", "1", "-t", "5", $"127.0.0.1:{port}", "1.3.6.1.2.1.1.5.0"];
            var alice = await SnmpgetAsync(Get("-l", "authPriv", "-u", "alice", "-a", "SHA", "-A", "alice-auth-1", "-x", "AES", "-X", "alice-priv-1"));
            var bob = await SnmpgetAsync(Get("-l", "authNoPriv", "-u", "bob", "-a", "SHA-256", "-A", "bob-auth-12"));
            var carol = await SnmpgetAsync(Get("-l", "noAuthNoPriv", "-u", "carol"));
            var dave = await SnmpgetAsync(Get("-l", "authNoPriv", "-u", "dave", "-a", "MD5", "-A", "dave-auth-1"));
            var bobWithAlicesKey = await SnmpgetAsync(Get("-l", "authNoPriv", "-u", "bob", "-a", "SHA-256", "-A", "alice-auth-1"));
            var bobWithPrivacy = await SnmpgetAsync(Get("-l", "authPriv", "-u", "bob", "-a", "SHA-256", "-A", "bob-auth-12", "-x", "AES", "-X", "bob-priv-12"));
            Assert.Multiple(() =>
            {
                foreach (var (name, answer) in new[] { ("alice", alice), ("bob", bob), ("carol", carol), ("dave", dave) })
                {
                    Assert.That(answer.Output.Trim(), Is.EqualTo(".1.3.6.1.2.1.1.5.0 = STRING: \"edge\""), $"{name}: {answer.Error}");
                }

                Assert.That(bobWithAlicesKey.Exit, Is.Not.EqualTo(0));
                Assert.That(bobWithAlicesKey.Error, Does.Contain("Authentication failure"));
                Assert.That(bobWithPrivacy.Exit, Is.Not.EqualTo(0));
                Assert.That(bobWithPrivacy.Error, Does.Contain("Unsupported security level"));
            });
        }
        finally
        {
            await stop.CancelAsync();
            Assert.That(await sim, Is.EqualTo(0), stderr.ToString());
            directory.Delete(recursive: true);
        }
    }

    [TestCase(new[] { "-u", "alice", "-A", "alice-auth-1", "-u", "alice" }, "snmp sim: the user alice is given twice")]
    [TestCase(new[] { "-u", "alice", "-a", "SHA" }, "snmp sim: the user alice has a protocol without its pass phrase (-A after -a, -X after -x)")]
    public async Task A_user_given_twice_or_a_protocol_without_its_pass_phrase_is_refused(string[] users, string message)
    {
        var stderr = new StringWriter { NewLine = "\n" };
        int exit = await SnmpTool.RunAsync(["sim", "--file=/nonexistent/router.snmprec", .. users, "127.0.0.1:0"],
            new ToolConsole(new StringWriter(), stderr, errorIsTerminal: false, _ => null), CancellationToken.None);
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.StartWith(message));
    }
}
