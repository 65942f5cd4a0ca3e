using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Snmp.Conformance;
using Snmp.Tool.Cli;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp check</c>: the agent conformance checker (<see cref="ConformanceSuite"/>, in
/// Snmp.Conformance). Net-SNMP's flags give the read community (-c, "public" when none) and the
/// SNMPv3 user (-u -a -A -x -X); long options give what the other checks need. Exit codes: 0 all
/// checks passed (or only SHOULD/INFO ones failed, without --strict), 1 a conformance failure,
/// 2 a tool or configuration error or an unreachable agent.
/// </summary>
internal sealed class CheckCommand : ToolCommand
{
    public override string Name => "check";

    public override string Program => "snmp check";

    public override string Operands => "[--write-community=C] [--restricted=C:SUBTREE] [--noauth-user=U] [--row-status=OID] [--only=ID,...] [--strict] [--junit=FILE] [--dry-run] AGENT";

    public override string Summary => "check an agent against RFC 3416, 3412, 3414, 3415, 3584, 3417 and 2579, clause by clause";

    public override IReadOnlyCollection<string> LongOptions =>
        ["write-community", "writable", "read-only", "restricted", "noauth-user", "row-status", "row-index", "only", "strict", "junit", "dry-run", "silence", "max-walk", "walk-root"];

    public override string Usage => $"USAGE: snmp check [OPTIONS] {Operands}\n\n  {Summary}\n" +
        "  -c COMMUNITY        the read community (default public)\n" +
        "  -u USER -l LEVEL -a PROTO -A PASS -x PROTO -X PASS   an SNMPv3 user for the USM checks\n" +
        "  --write-community=C a community that may write --writable (sysContact.0, sysName.0, sysLocation.0)\n" +
        "  --writable=OID,...  writable DisplayString scalars (values are put back)\n" +
        "  --read-only=OID     a read-only scalar (default sysDescr.0)\n" +
        "  --restricted=C:OID  a community whose view is exactly that subtree\n" +
        "  --noauth-user=U     a USM user limited to noAuthNoPriv\n" +
        "  --row-status=OID    a RowStatus column where a scratch row may be created (--row-index=OID, default 424242)\n" +
        "  --only=PREFIX,...   run only the checks whose id starts so (rfc3416, rfc3414/3.2)\n" +
        "  --strict            SHOULD checks fail the run too\n" +
        "  --json, --junit=FILE   a JSON report on standard output, a JUnit XML file\n" +
        "  --dry-run           list the checks, send nothing\n" +
        "  -t SECONDS, --silence=MS, --max-walk=N, --walk-root=OID   waits and the walk's bounds\n" +
        "  Exit: 0 conformant, 1 a conformance failure, 2 a tool or configuration error or no answer.\n";

    public override async Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        var own = options.LongOptions;
        bool strict = own.ContainsKey("strict");
        IReadOnlyList<ConformanceCheck> checks;
        ConformanceTarget? target;
        try
        {
            checks = ConformanceSuite.Select(own.GetValueOrDefault("only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (checks.Count == 0)
            {
                throw new ToolException($"snmp check: no check id starts with {own["only"]}", 2);
            }

            target = options.Operands.Count == 1 ? Target(options) : own.ContainsKey("dry-run") && options.Operands.Count == 0 ? null
                : throw new ToolException("snmp check: give one AGENT ([udp:]host[:port])", 2, showUsage: true);
        }
        catch (ToolException)
        {
            throw;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ToolException($"snmp check: {e.Message}", 2, showUsage: true);
        }

        if (own.ContainsKey("dry-run"))
        {
            ConformanceReport.WriteCheckList(console.Out, checks, target);
            return 0;
        }

        ConformanceReport report;
        try
        {
            report = await ConformanceSuite.RunAsync(target!, checks, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new ToolException($"snmp check: {e.Message}", 2);
        }
        catch (SocketException e)
        {
            throw new ToolException($"snmp check: {target!.Agent}: {e.Message}", 2);
        }

        if (options.Json)
        {
            using var buffer = new MemoryStream();
            report.WriteJson(buffer, strict);
            await console.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
        }
        else
        {
            report.WriteText(console.Out, strict);
        }

        if (own.GetValueOrDefault("junit") is { Length: > 0 } junit)
        {
            try
            {
                await using var file = new StreamWriter(junit, false, new System.Text.UTF8Encoding(false));
                report.WriteJUnit(file, strict);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ToolException($"snmp check: cannot write {junit}: {e.Message}", 2);
            }
        }

        return report.ExitCode(strict);
    }

    private static ConformanceTarget Target(CommonOptions options)
    {
        var own = options.LongOptions;
        ObjectIdentifier? restrictedSubtree = null;
        string? restrictedCommunity = null;
        if (own.GetValueOrDefault("restricted") is { } restricted)
        {
            int colon = restricted.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new ToolException("snmp check: --restricted=COMMUNITY:SUBTREE (the subtree its view is)", 2, showUsage: true);
            }

            restrictedCommunity = restricted[..colon];
            restrictedSubtree = ObjectIdentifier.Parse(restricted[(colon + 1)..].TrimStart('.'));
        }

        var defaults = new ConformanceTarget { Agent = new IPEndPoint(IPAddress.Loopback, 161) };
        return new ConformanceTarget
        {
            Agent = Endpoint(options.Operands[0]),
            ReadCommunity = options.Community ?? "public",
            WriteCommunity = own.GetValueOrDefault("write-community"),
            WritableObjects = own.GetValueOrDefault("writable") is { } writable ? Oids(writable) : defaults.WritableObjects,
            ReadOnlyObject = own.GetValueOrDefault("read-only") is { } readOnly ? ObjectIdentifier.Parse(readOnly.TrimStart('.')) : defaults.ReadOnlyObject,
            UserName = options.UserName,
            AuthProtocol = options.AuthPassphrase is null ? null : options.AuthProtocol ?? AuthenticationProtocol.HmacMd5,
            AuthPassphrase = options.AuthPassphrase,
            PrivProtocol = options.PrivPassphrase is null ? null : options.PrivProtocol ?? PrivacyProtocol.Des,
            PrivPassphrase = options.PrivPassphrase,
            NoAuthUser = own.GetValueOrDefault("noauth-user"),
            RestrictedCommunity = restrictedCommunity,
            RestrictedSubtree = restrictedSubtree,
            RowStatusColumn = own.GetValueOrDefault("row-status") is { } rowStatus ? ObjectIdentifier.Parse(rowStatus.TrimStart('.')) : null,
            RowIndex = own.GetValueOrDefault("row-index") is { } rowIndex ? ObjectIdentifier.Parse(rowIndex.TrimStart('.')) : defaults.RowIndex,
            ResponseTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            SilenceTimeout = own.GetValueOrDefault("silence") is { } silence ? TimeSpan.FromMilliseconds(int.Parse(silence, NumberStyles.None, CultureInfo.InvariantCulture)) : defaults.SilenceTimeout,
            MaxWalk = own.GetValueOrDefault("max-walk") is { } maxWalk ? int.Parse(maxWalk, NumberStyles.None, CultureInfo.InvariantCulture) : defaults.MaxWalk,
            WalkRoot = own.GetValueOrDefault("walk-root") is { } root ? ObjectIdentifier.Parse(root.TrimStart('.')) : defaults.WalkRoot,
        };
    }

    private static ObjectIdentifier[] Oids(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(o => ObjectIdentifier.Parse(o.TrimStart('.')))];

    /// <summary>Net-SNMP's agent syntax over UDP: [udp:|udp6:]host[:port], port 161 by default.</summary>
    private static IPEndPoint Endpoint(string peer)
    {
        var text = AgentSession.WithDefaultPort(peer);
        foreach (var prefix in new[] { "udp:", "udp6:" })
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[prefix.Length..];
            }
        }

        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            return endpoint;
        }

        int colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            try
            {
                var address = Dns.GetHostAddresses(text[..colon]).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                    ?? Dns.GetHostAddresses(text[..colon]).First();
                return new IPEndPoint(address, port);
            }
            catch (Exception e) when (e is SocketException or InvalidOperationException)
            {
            }
        }

        throw new ToolException($"snmp check: Unknown host ({peer})", 2);
    }
}
