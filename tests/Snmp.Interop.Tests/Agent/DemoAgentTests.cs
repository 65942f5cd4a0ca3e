using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Snmp.Interop.Tests.Agent;

/// <summary>The README's main-job command: the demo agent starts, queries itself, and stops (with --exit).</summary>
[TestFixture]
public class DemoAgentTests
{
    [Test]
    public async Task The_demo_agent_serves_and_its_self_check_passes()
    {
        int port;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        var bootsFile = Path.Combine(Path.GetTempPath(), $"demo-agent-test-{Guid.NewGuid():N}.boots");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "Snmp.DemoAgent.dll"), "--port", port.ToString(CultureInfo.InvariantCulture), "--rows", "500", "--boots-file", bootsFile, "--exit" })
        {
            start.ArgumentList.Add(arg);
        }

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
            Assert.Fail("the demo agent did not finish its self-check within 60 s");
        }

        var text = await output;
        File.Delete(bootsFile);
        Assert.That(process.ExitCode, Is.Zero, text + await error);
        Assert.That(text, Does.Contain($"listening on udp:127.0.0.1:{port}"));
        Assert.That(text, Does.Contain("get   1.3.6.1.2.1.1.1.0 = OctetString: Snmp.Architecture demo agent"));
        Assert.That(text, Does.Contain("walk  500 names in demoTable"));
        Assert.That(text, Does.Contain("set   1.3.6.1.4.1.8072.9999.9999.2.0 = OctetString: set at"));
    }
}
