using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Snmp.Testing;

namespace Snmp.Interop.Tests.NetSnmp;

/// <summary>One line of a Net-SNMP tool's output: <c>OID = TYPE: value</c>.</summary>
/// <param name="Oid">The numeric OID without its leading dot.</param>
/// <param name="Type">Net-SNMP's type label (STRING, Hex-STRING, OID, Timeticks, INTEGER, Counter32, Gauge32, Counter64, IpAddress, ...), or the exception text for noSuchObject / noSuchInstance / endOfMibView.</param>
/// <param name="Value">The value as printed (hex octets for strings, see <see cref="NetSnmpTools"/>).</param>
internal sealed record NetSnmpVarBind(string Oid, string Type, string Value);

/// <summary>The result of running a Net-SNMP command-line tool.</summary>
internal sealed record NetSnmpResult(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<NetSnmpVarBind> VarBinds)
{
    /// <summary>Standard error without Net-SNMP's set-up notices ("Created directory: ..." on a first run): what the tool complained about.</summary>
    public string Complaints => NetSnmpStandardError.Complaints(StandardError);
}

/// <summary>
/// Runs Net-SNMP's command-line tools (snmpget, snmpgetnext, snmpbulkget, snmpwalk,
/// snmpbulkwalk, snmpset) with output options that make their answers comparable:
/// <c>-On</c> numeric OIDs, <c>-Ox</c> every OCTET STRING in hex, <c>-Oe</c> numeric enums,
/// <c>-m ""</c> no MIBs. Output lines then read <c>.1.3.6.1.2.1.1.1.0 = Hex-STRING: 4C 69 ...</c>
/// (hex may continue on following lines), <c>... = OID: .1.3...</c>, <c>... = Timeticks: (148) 0:00:01.48</c>,
/// <c>... = No Such Object available on this agent at this OID</c>.
/// </summary>
internal static class NetSnmpTools
{
    private static readonly Regex Line = new(@"^\.?(?<oid>[0-9]+(\.[0-9]+)*) = (?<rest>.*)$", RegexOptions.Compiled);
    private static readonly Regex Typed = new(@"^(?<type>[A-Za-z0-9-]+): ?(?<value>.*)$", RegexOptions.Compiled);

    public static readonly string[] OutputOptions = ["-On", "-Ox", "-Oe", "-m", ""];

    public static Task<NetSnmpResult> RunAsync(string tool, params string[] arguments) => RunAsync(tool, TimeSpan.FromSeconds(30), arguments);

    public static Task<NetSnmpResult> RunAsync(string tool, TimeSpan timeout, params string[] arguments) => RunAsync(tool, timeout, outputOptions: true, arguments);

    /// <summary>Runs a tool; without <paramref name="outputOptions"/> its output is as a user sees it (for snmptable and MIB names).</summary>
    public static Task<NetSnmpResult> RunAsync(string tool, TimeSpan timeout, bool outputOptions, params string[] arguments) =>
        RunAsync(tool, timeout, outputOptions, environment: null, arguments);

    /// <summary>
    /// Runs a tool with <paramref name="environment"/> over the defaults (its own
    /// SNMP_PERSISTENT_DIR, no MIBs): a lab's SNMPCONFPATH and persistent directory, say.
    /// </summary>
    public static async Task<NetSnmpResult> RunAsync(string tool, TimeSpan timeout, bool outputOptions, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(NetSnmpInstallation.Require(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (outputOptions ? OutputOptions : []).Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        // Keep the tools' own persistent state (engine ids, cert indexes) out of /var/lib/snmp.
        start.Environment["SNMP_PERSISTENT_DIR"] = Path.Combine(Path.GetTempPath(), "snmp-interop-tools");
        start.Environment["MIBS"] = "";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds} s.");
        }

        var output = await stdout;
        return new NetSnmpResult(process.ExitCode, output, await stderr, Parse(output));
    }

    /// <summary>Parses the tools' output (see the class summary).</summary>
    public static IReadOnlyList<NetSnmpVarBind> Parse(string output)
    {
        var result = new List<NetSnmpVarBind>();
        string? oid = null;
        var rest = new StringBuilder();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var match = Line.Match(line);
            if (match.Success)
            {
                Flush();
                oid = match.Groups["oid"].Value;
                rest.Append(match.Groups["rest"].Value);
            }
            else if (oid is not null && line.Length > 0)
            {
                rest.Append(' ').Append(line.Trim()); // continuation of a multi-line Hex-STRING
            }
        }

        Flush();
        return result;

        void Flush()
        {
            if (oid is null)
            {
                return;
            }

            var text = Regex.Replace(rest.ToString(), @"\s+", " ").Trim();
            var typed = Typed.Match(text);
            result.Add(typed.Success && !text.StartsWith("No ", StringComparison.Ordinal)
                ? new NetSnmpVarBind(oid, typed.Groups["type"].Value, typed.Groups["value"].Value.Trim())
                : new NetSnmpVarBind(oid, text, ""));
            oid = null;
            rest.Clear();
        }
    }

    /// <summary>Net-SNMP's rendering of one of our values, in the terms <see cref="OutputOptions"/> produce.</summary>
    public static (string Type, string Value) Render(SnmpValue value) => value switch
    {
        OctetString s => s.Length == 0 ? ("STRING", "\"\"") : ("Hex-STRING", string.Join(' ', s.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))),
        ObjectIdentifier o => ("OID", "." + o),
        TimeTicks t => ("Timeticks", $"({t.Value})"),
        Integer32 i => ("INTEGER", i.Value.ToString(CultureInfo.InvariantCulture)),
        Counter32 c => ("Counter32", c.Value.ToString(CultureInfo.InvariantCulture)),
        Gauge32 g => ("Gauge32", g.Value.ToString(CultureInfo.InvariantCulture)),
        Counter64 c => ("Counter64", c.Value.ToString(CultureInfo.InvariantCulture)),
        IpAddress a => ("IpAddress", a.ToString()),
        NoSuchObject => ("No Such Object available on this agent at this OID", ""),
        NoSuchInstance => ("No Such Instance currently exists at this OID", ""),
        EndOfMibView => ("No more variables left in this MIB View (It is past the end of the MIB tree)", ""),
        _ => (value.Type.ToString(), value.ToString() ?? ""),
    };

    /// <summary>The part of a rendered value that two reads a moment apart agree on (Timeticks lose their ticks).</summary>
    public static string Stable(string type, string value) => type == "Timeticks" ? "" : value;
}
