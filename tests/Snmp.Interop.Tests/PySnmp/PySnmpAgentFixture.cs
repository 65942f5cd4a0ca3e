using Snmp.Interop.Tests.Processes;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Snmp.Interop.Tests.PySnmp;

/// <summary>
/// The pysnmp 4.4 SNMPv3 agent of agent.py (Debian's python3-pysnmp4) on 127.0.0.1 and a free
/// port: the peer for 3DES-EDE and the Reeder AES-192/256 key extension, which Debian's
/// Net-SNMP lacks. Missing pysnmp fails the test under CI=true and is inconclusive elsewhere.
/// </summary>
internal sealed class PySnmpAgentFixture : IAsyncDisposable
{
    public const string AuthPassword = "pysnmp-auth-pass";
    public const string PrivPassword = "pysnmp-priv-pass";
    public const string EngineIdHex = "80001F8880504E4D5059534E4D50";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PySnmpAgentFixture(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<PySnmpAgentFixture> StartAsync() => StartAsync("agent.py", [EngineIdHex, AuthPassword, PrivPassword]);

    /// <summary>Starts another agent script beside this file: PORT, then <paramref name="arguments"/>.</summary>
    public static async Task<PySnmpAgentFixture> StartAsync(string scriptName, IReadOnlyList<string> arguments)
    {
        await PySnmpInstallation.RequireAsync();
        const string python = PySnmpInstallation.Python;
        var script = PySnmpInstallation.Script(scriptName);

        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { script, port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var fixture = new PySnmpAgentFixture(process, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (fixture._output)
            {
                fixture._output.AppendLine(e.Data);
            }

            if (e.Data == "READY")
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (fixture._output)
            {
                fixture._output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(20))) != ready.Task)
        {
            await fixture.DisposeAsync();
            throw new InvalidOperationException($"The pysnmp agent did not start:\n{fixture.Output}");
        }

        return fixture;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAndDisposeAsync();
    }
}
