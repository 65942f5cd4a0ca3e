using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Interop.Tests.Notifications;

namespace Snmp.Interop.Tests.Tool;

/// <summary>
/// Notifications both ways: <c>snmp trap</c> / <c>snmp inform</c> beside snmptrap / snmpinform
/// into one snmptrapd (what it logs must be the same), and snmptrap / snmpinform into
/// <c>snmp listen</c> beside into snmptrapd (what each prints must be the same). The time of day
/// and the UDP ports (the sender's, and each receiver's own) differ and are masked; each sender's
/// marker value is replaced by one word.
/// </summary>
[NonParallelizable]
public partial class NotificationToolOracleTests
{
    private const string EngineId = "0x8000000001020304";

    // Our trap sender's engine: another than Net-SNMP's, as snmptrapd keeps each engine's clock.
    private const string OurEngineId = "0x8000000001020305";
    private const string V3 = "-v3 -u trapUser -l authPriv -a SHA -A authpass123 -x AES -X privpass123";

    public static IEnumerable<TestCaseData> Senders()
    {
        yield return Case("snmptrap", "-v2c -c public {receiver} 123 1.3.6.1.6.3.1.1.5.1 1.3.6.1.2.1.1.5.0 s {marker}");
        yield return Case("snmptrap", "-v1 -c public {receiver} 1.3.6.1.4.1.8072 127.0.0.1 6 17 55 1.3.6.1.2.1.1.5.0 s {marker}");
        yield return Case("snmptrap", "-v1 -c public {receiver} 1.3.6.1.4.1.8072 127.0.0.1 2 0 56 1.3.6.1.2.1.2.2.1.1.3 i 3 1.3.6.1.2.1.1.5.0 s {marker}");
        yield return Case("snmpinform", "-v2c -c public {receiver} 77 1.3.6.1.6.3.1.1.5.2 1.3.6.1.2.1.1.5.0 s {marker} 1.3.6.1.2.1.1.3.0 t 5");
        yield return Case("snmptrap", $"{V3} -e {{engine}} {{receiver}} 78 1.3.6.1.6.3.1.1.5.3 1.3.6.1.2.1.2.2.1.1.1 i 1 1.3.6.1.2.1.1.5.0 x '01 02 {{hexmarker}}'");
        yield return Case("snmpinform", $"{V3} {{receiver}} 79 1.3.6.1.6.3.1.1.5.4 1.3.6.1.2.1.1.5.0 s {{marker}}");
    }

    private static TestCaseData Case(string program, string line) => new TestCaseData(program, line).SetArgDisplayNames(program, line);

    private static string[] Args(string line, string receiver, string marker, string engine = EngineId) => ToolOracle.Words(line
        .Replace("{engine}", engine, StringComparison.Ordinal)
        .Replace("{receiver}", receiver, StringComparison.Ordinal)
        .Replace("{hexmarker}", Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(marker)), StringComparison.Ordinal)
        .Replace("{marker}", marker, StringComparison.Ordinal));

    private static Task<SnmptrapdFixture> StartSnmptrapdAsync() => SnmptrapdFixture.StartAsync(
        $"createUser -e {EngineId} trapUser SHA authpass123 AES privpass123",
        $"createUser -e {OurEngineId} trapUser SHA authpass123 AES privpass123",
        "createUser trapUser SHA authpass123 AES privpass123",
        "authUser log,execute,net trapUser priv");

    [TestCaseSource(nameof(Senders))]
    public async Task Our_notification_is_logged_as_Net_SNMPs(string program, string line)
    {
        await using var snmptrapd = await StartSnmptrapdAsync();
        var receiver = $"udp:{snmptrapd.Address}";
        var theirs = await NetSnmpTools.RunAsync(program, TimeSpan.FromSeconds(30), outputOptions: false, Args(line, receiver, "netsnmpmark"));
        Assert.That(theirs.ExitCode, Is.Zero, theirs.StandardError);
        var ours = await ToolOracle.RunOursAsync([ToolOracle.Subcommand(program), .. Args(line, receiver, "oursmarker1", OurEngineId)]);
        Assert.That(ours.ExitCode, Is.Zero, ours.StandardError);
        Assert.That(ours.StandardOutput + ours.StandardError, Is.Empty);

        var theirEntry = Mask(await snmptrapd.WaitForEntryAsync(Marker(program, line, "netsnmpmark")), "netsnmpmark");
        var ourEntry = Mask(await snmptrapd.WaitForEntryAsync(Marker(program, line, "oursmarker1")), "oursmarker1");
        TestContext.Out.WriteLine($"snmptrapd logged for {program}:\n{theirEntry}\nand for ours:\n{ourEntry}");
        Assert.That(ourEntry, Is.EqualTo(theirEntry));
    }

    [TestCaseSource(nameof(Senders))]
    public async Task Listen_prints_what_snmptrapd_prints(string program, string line)
    {
        await using var snmptrapd = await StartSnmptrapdAsync();
        var port = FreeUdpPort();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var listening = ToolOracle.RunOursAsync(["listen", "-n", "-On", "-c", "public", .. ToolOracle.Words(V3)[1..], "-Cc2", $"udp:127.0.0.1:{port}"]);
        // Informs sent once each (no retransmission, which the listener would print twice) until one
        // is answered tell that the listener is up; that one is the first of the two it prints. Each
        // waits long for its answer: one that timed out while the listener was still starting would
        // be printed too once it started, and the listener would stop before the inform under test.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var ready = await NetSnmpTools.RunAsync("snmpinform", TimeSpan.FromSeconds(30), outputOptions: false,
                "-v2c", "-c", "public", "-t", "15", "-r", "0", $"udp:127.0.0.1:{port}", "1", "1.3.6.1.4.1.99999.0.998");
            if (ready.ExitCode == 0)
            {
                break;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "snmp listen did not answer an inform: " + ready.StandardError);
        }

        var ours = await NetSnmpTools.RunAsync(program, TimeSpan.FromSeconds(30), outputOptions: false, Args(line, $"udp:127.0.0.1:{port}", "samemarker1"));
        Assert.That(ours.ExitCode, Is.Zero, ours.StandardError);
        var printed = await listening.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(printed.ExitCode, Is.Zero, printed.StandardError);

        var theirs = await NetSnmpTools.RunAsync(program, TimeSpan.FromSeconds(30), outputOptions: false, Args(line, $"udp:{snmptrapd.Address}", "samemarker1"));
        Assert.That(theirs.ExitCode, Is.Zero, theirs.StandardError);
        var theirEntry = Mask(await snmptrapd.WaitForEntryAsync(Marker(program, line, "samemarker1")), "samemarker1");
        var entries = EntryStart().Split(printed.StandardOutput);
        var ourEntry = Mask(entries.Single(e => e.Contains(Marker(program, line, "samemarker1"), StringComparison.Ordinal)), "samemarker1");
        TestContext.Out.WriteLine($"snmptrapd printed:\n{theirEntry}\nsnmp listen printed:\n{ourEntry}");
        Assert.That(ourEntry, Is.EqualTo(theirEntry));
    }

    // The marker as the receivers print it (-On, hex for the 'x' value).
    private static string Marker(string program, string line, string marker) =>
        line.Contains("{hexmarker}", StringComparison.Ordinal)
            ? string.Join(' ', System.Text.Encoding.ASCII.GetBytes(marker).Take(3).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))
            : marker;

    private static string Mask(string entry, string marker)
    {
        var text = entry.Replace(marker, "MARKER", StringComparison.Ordinal);
        text = HexMarker().Replace(text, "01 02 MARKER");
        text = Date().Replace(text, "DATE");
        text = SourcePort().Replace(text, "]:PORT->");
        return DestinationPort().Replace(text, "->[127.0.0.1]:PORT").TrimEnd('\n');
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")]
    private static partial Regex Date();

    [GeneratedRegex(@"\]:\d+->")]
    private static partial Regex SourcePort();

    // Each receiver listens on its own port.
    [GeneratedRegex(@"->\[127\.0\.0\.1\]:\d+")]
    private static partial Regex DestinationPort();

    [GeneratedRegex(@"01 02( [0-9A-F]{2})+ ?(\n[0-9A-F ]+)*")]
    private static partial Regex HexMarker();

    [GeneratedRegex(@"\n(?=\d{4}-\d{2}-\d{2} )")]
    private static partial Regex EntryStart();

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
