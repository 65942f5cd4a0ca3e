using System.Diagnostics;
using System.Text;
using Snmp.Interop.Tests.NetSnmp;
using Snmp.Interop.Tests.Processes;

namespace Snmp.Interop.Tests.AgentX;

/// <summary>
/// Net-SNMP's snmpd as an AgentX subagent (<c>snmpd -X -x ADDRESS</c>) with a private
/// configuration (<c>-C</c>: no system configuration is read) and persistent directory in a temp
/// dir: it opens no SNMP port and serves its MIB modules (system, interfaces, ...) through the
/// master at ADDRESS. sysLocation is fixed by the configuration (so known, and read-only);
/// sysContact is left out so it stays writable.
/// </summary>
internal sealed class NetSnmpSubagentFixture : IAsyncDisposable
{
    public const string SysLocation = "rack 7, under AgentX";

    /// <summary>agentXTimeout of its configuration: the o.timeout of its Open-PDU.</summary>
    public const int AgentXTimeoutSeconds = 5;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NetSnmpSubagentFixture(string directory, Process process)
    {
        Directory = directory;
        _process = process;
    }

    public string Directory { get; }

    public string Log
    {
        get
        {
            var file = Path.Combine(Directory, "snmpd.log");
            lock (_output)
            {
                return (File.Exists(file) ? File.ReadAllText(file) : "") + _output;
            }
        }
    }

    public bool IsRunning => !_process.HasExited;

    /// <summary>Sends the subagent a signal (STOP freezes it, CONT resumes it).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public static async Task<NetSnmpSubagentFixture> StartAsync(string masterAddress)
    {
        var snmpd = NetSnmpInstallation.Require("snmpd");
        var directory = System.IO.Directory.CreateTempSubdirectory("snmpd-subagent-").FullName;
        var persistent = Path.Combine(directory, "persist");
        System.IO.Directory.CreateDirectory(persistent);
        var config = Path.Combine(directory, "snmpd.conf");
        await File.WriteAllTextAsync(config, new StringBuilder()
            .AppendLine($"agentXSocket {masterAddress}")
            .AppendLine($"agentXTimeout {AgentXTimeoutSeconds}")
            .AppendLine($"persistentDir {persistent}")
            .AppendLine($"sysLocation {SysLocation}")
            .ToString());
        var start = new ProcessStartInfo(snmpd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // -f foreground, -C only our -c file, -X subagent, -x the master, -Lf log file, -m "" no MIB files.
        foreach (var arg in new[] { "-f", "-C", "-c", config, "-X", "-x", masterAddress, "-Lf", Path.Combine(directory, "snmpd.log"), "-p", Path.Combine(directory, "snmpd.pid"), "-m", "" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SNMP_PERSISTENT_DIR"] = persistent;
        start.Environment["MIBS"] = "";
        var process = Process.Start(start) ?? throw new InvalidOperationException("snmpd did not start.");
        var fixture = new NetSnmpSubagentFixture(directory, process);
        process.OutputDataReceived += (_, e) => { lock (fixture._output) { fixture._output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (fixture._output) { fixture._output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return fixture;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAndDisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
