using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Snmp.Testing;

namespace Snmp.Simulator.Tests.Interop;

#pragma warning disable CA1416 // the peers run on Linux only

/// <summary>
/// Finds the peers: Net-SNMP's snmpwalk and snmpbulkwalk (Debian "snmp") and snmpsim's
/// snmpsimd with its example recordings (Debian "snmpsim", which also ships the recordings
/// snmpsim-data carries). A missing peer fails the test under CI=true (the README's test
/// command installs both) and is inconclusive elsewhere.
/// </summary>
internal static class Peers
{
    public const string SnmpsimData = "/usr/share/doc/snmpsim/examples/data";

    private static readonly string[] SearchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin", "/usr/local/bin"];

    public static string Require(string program, string package)
    {
        foreach (var dir in SearchPath)
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Missing($"{program} is not installed; install it with `apt-get install {package}` (the README's test command does this).");
        throw new InvalidOperationException("unreachable");
    }

    public static void RequireData()
    {
        if (!Directory.Exists(SnmpsimData))
        {
            Missing($"snmpsim's recordings ({SnmpsimData}) are not installed; install them with `apt-get install snmpsim`.");
        }
    }

    private static void Missing(string message)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Copies recordings (relative names with their extension, .gz unpacked) into <paramref name="target"/>, readable by anyone (snmpsimd drops to nobody).</summary>
    public static void CopyRecordings(IEnumerable<string> files, string target)
    {
        foreach (var file in files)
        {
            var source = Path.Combine(SnmpsimData, file);
            var destination = Path.Combine(target, file.EndsWith(".gz", StringComparison.Ordinal) ? file[..^3] : file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (file.EndsWith(".gz", StringComparison.Ordinal))
            {
                using var input = new GZipStream(File.OpenRead(source), CompressionMode.Decompress);
                using var output = File.Create(destination);
                input.CopyTo(output);
            }
            else
            {
                File.Copy(source, destination);
            }
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Append(target))
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.OtherWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    /// <summary>
    /// Starts Debian's snmpsimd on <paramref name="data"/> with <paramref name="arguments"/> (its
    /// endpoints, mode, users) and waits (bounded: 120 s, it indexes the recordings first) until
    /// <paramref name="probe"/> (snmpget arguments without the agent) answers at <paramref name="agent"/>.
    /// </summary>
    public static async Task<Process> StartSnmpsimdAsync(string data, string cache, IEnumerable<string> arguments, string agent, params string[] probe)
    {
        var snmpsimd = Require("snmpsimd", "snmpsim");
        var start = new ProcessStartInfo(snmpsimd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--data-dir={data}", $"--cache-dir={cache}", "--logging-method=null" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        if (Environment.UserName == "root")
        {
            // snmpsimd refuses to run as root without a user to drop to.
            start.ArgumentList.Add("--process-user=nobody");
            start.ArgumentList.Add("--process-group=nogroup");
        }

        var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                Assert.Fail($"snmpsimd exited ({process.ExitCode}): {await errors}");
            }

            var answer = await RunAsync("snmpget", [.. probe, "-r", "0", "-t", "1", agent, "1.3.6.1.2.1.1.1.0"]);
            if (answer.ExitCode == 0)
            {
                return process;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"snmpsimd did not answer within 120 s: {answer.Error}");
            }
        }
    }

    /// <summary>Stops a process started here and waits for it.</summary>
    public static async Task StopAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }

    /// <summary>Runs a Net-SNMP tool (bounded: 60 s) and returns its exit code and output; no MIBs, its own persistent directory.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(Require(program, "snmp")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SNMP_PERSISTENT_DIR"] = Path.Combine(Path.GetTempPath(), "snmp-sim-interop-tools");
        start.Environment["MIBS"] = "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 60 s");
        }

        return (process.ExitCode, await output, NetSnmpStandardError.Complaints(await error));
    }
}
