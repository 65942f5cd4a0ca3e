using Snmp.Interop.Tests.Processes;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Snmp.Interop.Tests.PySnmp;

/// <summary>One notification as ntfrcv.py printed it: pysnmp's view of user, level, contextEngineID and variable-bindings.</summary>
/// <param name="User">securityName.</param>
/// <param name="Level">securityLevel: 1 noAuthNoPriv, 2 authNoPriv, 3 authPriv.</param>
/// <param name="ContextEngineId">contextEngineID in hex.</param>
/// <param name="VarBinds">(OID, pysnmp's type name, its prettyPrint of the value).</param>
internal sealed record PySnmpNotification(string User, int Level, string ContextEngineId, IReadOnlyList<(string Oid, string Type, string Value)> VarBinds);

/// <summary>
/// pysnmp 4.4's notification receiver (ntfrcv.py) on 127.0.0.1 and a free port, knowing
/// notifier.py's users at <see cref="SenderEngineIdHex"/> (our Notifier's engine, for traps) and at
/// its own engine <see cref="EngineIdHex"/> (for informs, which it acknowledges).
/// </summary>
internal sealed class PySnmpNotificationReceiverFixture : IAsyncDisposable
{
    public const string AuthPassword = "pysnmp-rcv-auth-pass";
    public const string PrivPassword = "pysnmp-rcv-priv-pass";
    public const string EngineIdHex = "80001F8880504E4D5052435652";

    /// <summary>The snmpEngineID our Notifier must have for its traps to be accepted.</summary>
    public const string SenderEngineIdHex = "8000C0DE05504E4D504F5552";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<PySnmpNotification> _received = [];

    private PySnmpNotificationReceiverFixture(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Our address syntax for the receiver.</summary>
    public string Address => $"127.0.0.1:{Port}";

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<PySnmpNotificationReceiverFixture> StartAsync()
    {
        await PySnmpInstallation.RequireAsync();
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var start = new ProcessStartInfo(PySnmpInstallation.Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { PySnmpInstallation.Script("ntfrcv.py"), port.ToString(CultureInfo.InvariantCulture), EngineIdHex, SenderEngineIdHex, AuthPassword, PrivPassword })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var fixture = new PySnmpNotificationReceiverFixture(process, port);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => fixture.OnLine(e.Data, ready);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (fixture._output)
            {
                fixture._output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(Patience)) != ready.Task)
        {
            await fixture.DisposeAsync();
            throw new InvalidOperationException($"The pysnmp notification receiver did not start:\n{fixture.Output}");
        }

        return fixture;
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line == "READY")
        {
            ready.TrySetResult();
        }
        else if (line is not null && line.StartsWith('{'))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var varBinds = root.GetProperty("varBinds").EnumerateArray()
                .Select(v => (v[0].GetString()!, v[1].GetString()!, v[2].GetString()!)).ToList();
            lock (_received)
            {
                _received.Add(new PySnmpNotification(root.GetProperty("user").GetString()!, root.GetProperty("level").GetInt32(),
                    root.GetProperty("contextEngineId").GetString()!, varBinds));
            }
        }
    }

    /// <summary>Waits (bounded) for the notification whose snmpTrapOID.0 is <paramref name="trapOid"/>.</summary>
    public async Task<PySnmpNotification> WaitForAsync(string trapOid)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            lock (_received)
            {
                var found = _received.FirstOrDefault(n => n.VarBinds.Count > 1 && n.VarBinds[1].Value == trapOid);
                if (found is not null)
                {
                    return found;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pysnmp received no notification {trapOid} within {Patience.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAndDisposeAsync();
    }
}
