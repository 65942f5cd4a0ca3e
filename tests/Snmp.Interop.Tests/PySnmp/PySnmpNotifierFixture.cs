using Snmp.Interop.Tests.Processes;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Snmp.Interop.Tests.PySnmp;

/// <summary>
/// pysnmp 4.4 as a notification originator (notifier.py): one python process for a fixture,
/// told what to send one command at a time, so the interpreter starts once. Its users and the
/// variable-bindings it sends are described in notifier.py.
/// </summary>
internal sealed class PySnmpNotifierFixture : IAsyncDisposable
{
    public const string AuthPassword = "pysnmp-auth-pass";
    public const string PrivPassword = "pysnmp-priv-pass";

    /// <summary>pysnmp's snmpEngineID: the authoritative engine of its traps.</summary>
    public const string EngineIdHex = "80001F8880504E4D504E4F5449";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    private PySnmpNotifierFixture(Process process) => _process = process;

    public static async Task<PySnmpNotifierFixture> StartAsync()
    {
        await PySnmpInstallation.RequireAsync();
        var start = new ProcessStartInfo(PySnmpInstallation.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { PySnmpInstallation.Script("notifier.py"), EngineIdHex, AuthPassword, PrivPassword })
        {
            start.ArgumentList.Add(arg);
        }

        var fixture = new PySnmpNotifierFixture(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start."));
        fixture._process.ErrorDataReceived += (_, e) =>
        {
            lock (fixture._errors)
            {
                fixture._errors.AppendLine(e.Data);
            }
        };
        fixture._process.BeginErrorReadLine();
        try
        {
            var ready = await fixture.ReadLineAsync();
            if (ready != "READY")
            {
                throw new InvalidOperationException($"notifier.py did not start: {ready}\n{fixture.Errors}");
            }
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }

        return fixture;
    }

    private string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    private async Task<string?> ReadLineAsync()
    {
        try
        {
            return await _process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"notifier.py did not answer within {Patience.TotalSeconds} s:\n{Errors}");
        }
    }

    /// <summary>Sends a "trap" or an "inform" to 127.0.0.1:<paramref name="port"/>; returns pysnmp's answer: OK, or ERROR and why.</summary>
    public async Task<string> SendAsync(string kind, int port, string user, string trapOid, uint sysUpTime)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            await _process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{kind} {port} {user} {trapOid} {sysUpTime}"));
            await _process.StandardInput.FlushAsync();
            return await ReadLineAsync() ?? $"ERROR notifier.py ended:\n{Errors}";
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StopAndDisposeAsync();
        }
        finally
        {
            _oneAtATime.Dispose();
        }
    }
}
