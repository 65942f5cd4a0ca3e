using System.Globalization;
using System.Net;
using Snmp.Smi.Modules;
using Snmp.Tool.Cli;
using Snmp.Tool.Output;

namespace Snmp.Tool.Commands;

/// <summary>
/// <c>snmp trap</c> (snmptrap) and <c>snmp inform</c> (snmpinform, or snmptrap -Ci) through the
/// library's <see cref="Notifier"/>: SNMPv2c/v3 <c>AGENT UPTIME TRAP-OID [OID TYPE VALUE]...</c>,
/// SNMPv1 <c>AGENT ENTERPRISE AGENT-ADDR GENERIC SPECIFIC UPTIME [OID TYPE VALUE]...</c>
/// (RFC 3416 4.2.6, 4.2.7; RFC 1157 4.1.6). An empty UPTIME is the engine's sysUpTime; port 162
/// unless given. For SNMPv3 traps the tool's engine is authoritative (-e sets its snmpEngineID);
/// an inform discovers the receiver's.
/// </summary>
internal sealed class TrapCommand(bool inform) : ToolCommand
{
    public override string Name => inform ? "inform" : "trap";

    public override string Program => inform ? "snmpinform" : "snmptrap";

    public override string Operands => "AGENT UPTIME TRAP-OID [OID TYPE VALUE]...   (-v1: AGENT ENTERPRISE AGENT-ADDR GENERIC SPECIFIC UPTIME [OID TYPE VALUE]...)";

    public override string Summary => inform ? "send an InformRequest and wait for its Response (snmpinform)" : "send a notification (snmptrap)";

    public override async Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        bool asInform = inform || options.ApplicationOptions.Any(o => o.Contains('i', StringComparison.Ordinal));
        if (options.Operands.Count == 0)
        {
            throw new ToolException("No hostname specified.", 1, showUsage: true);
        }

        var mibs = MibSelection.Load(options, console);
        // A tls:/dtls: receiver: SNMPv3 under the Transport Security Model whatever -v says, as
        // Net-SNMP does (port 10162, RFC 6353's snmptls-trap/snmpdtls-trap).
        bool tls = TlsSettings.IsTlsPeer(options.Operands[0], out var datagram, out var tlsAddress);
        var version = tls ? SnmpVersion.SNMPv3 : options.Version;
        var peer = tls ? (datagram ? "dtlsudp:" : "tlstcp:") + AgentSession.WithDefaultPort(tlsAddress, 10162) : AgentSession.WithDefaultPort(options.Operands[0], 162);
        var operands = options.Operands.Skip(1).ToList();
        bool v1 = version == SnmpVersion.SNMPv1;
        if (v1 && asInform)
        {
            throw new ToolException($"{Program}: Cannot send INFORM as SNMPv1 PDU");
        }

        if (operands.Count < (v1 ? 5 : 2))
        {
            throw new ToolException(v1 ? "Missing arguments" : "Missing trap-oid parameter", 1, showUsage: true);
        }

        if (version != SnmpVersion.SNMPv3 && options.Community is null)
        {
            throw new ToolException("No community name specified.", 1, showUsage: true);
        }

        int first = v1 ? 5 : 2;
        var varBinds = new List<VarBind>();
        for (int i = first; i < operands.Count; i += 3)
        {
            if (i + 2 >= operands.Count)
            {
                throw new ToolException($"{operands[i]}: Needs type and value", 1, showUsage: true);
            }

            if (!ManagerCommand.TryResolve(mibs, operands[i], out var oid, out var complaint))
            {
                throw new ToolException(complaint);
            }

            varBinds.Add(new VarBind(oid, SetCommand.ParseValue(mibs, operands[i], oid, operands[i + 1], operands[i + 2])));
        }

        TlsSettings? tlsSettings = null;
        Snmp.Transport.Tls.TlsTransportOptions? tlsOptions = null;
        if (tls)
        {
            tlsSettings = TlsSettings.Read(options, console.Environment, datagram);
            tlsOptions = tlsSettings.Build(Program, options.Operands[0], TlsSettings.Host(peer[(peer.IndexOf(':', StringComparison.Ordinal) + 1)..]), options.TotalTimeout, console.Error);
            if (options.VersionGiven && options.Version != SnmpVersion.SNMPv3)
            {
                console.Error.Write("A SNMP version other than 3 was requested with (D)TLS; using 3 anyways\n");
            }
        }

        await using var engine = new Engine(new EngineOptions
        {
            DefaultVersion = version,
            Mibs = mibs,
            EngineId = asInform ? null : options.SecurityEngineId,
            Modules = options.DumpPackets && !tls ? [new PacketDumpModule(console.Error)] : [],
            Tls = tlsOptions,
        });
        if (version == SnmpVersion.SNMPv3 && !tls)
        {
            if (string.IsNullOrEmpty(options.UserName))
            {
                throw new ToolException($"{Program}: No securityName specified");
            }

            engine.Usm.AddUser(options.UserName, options.AuthProtocol ?? (options.AuthPassphrase is null ? null : AuthenticationProtocol.HmacMd5), options.AuthPassphrase,
                options.PrivProtocol ?? (options.PrivPassphrase is null ? null : PrivacyProtocol.Des), options.PrivPassphrase);
        }

        Notifier notifier;
        try
        {
            notifier = tls
                ? engine.Notifier(peer, SnmpVersion.SNMPv3, defaultSecurityLevel: options.SecurityLevel ?? SecurityLevel.AuthPriv,
                    defaultUserName: options.UserName ?? "__BOGUS__", securityModel: Snmp.AbstractServices.SecurityModel.Tsm)
                : engine.Notifier(peer, version, options.Community is null ? null : new OctetString(options.Community),
                    defaultSecurityLevel: version == SnmpVersion.SNMPv3 ? options.SecurityLevel ?? SecurityLevel.NoAuthNoPriv : null,
                    defaultUserName: options.UserName);
        }
        catch (Exception e) when (e is FormatException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new ToolException($"{Program}: Unknown host ({options.Operands[0]})");
        }

        try
        {
            if (v1)
            {
                if (!ManagerCommand.TryResolve(mibs, operands[0], out var enterprise, out var complaint))
                {
                    throw new ToolException(complaint);
                }

                IpAddress? agentAddress = operands[1].Length == 0 ? null
                    : IPAddress.TryParse(operands[1], out var address) ? new IpAddress(address) : throw new ToolException($"{Program}: {operands[1]}: unknown host");
                var generic = int.TryParse(operands[2], NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g <= 6 ? (GenericTrap)g : throw new ToolException($"Invalid generic trap: {operands[2]}");
                var specific = int.TryParse(operands[3], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw new ToolException($"Invalid specific trap: {operands[3]}");
                await notifier.SendV1TrapAsync(enterprise, generic, specific, varBinds, agentAddress, Uptime(operands[4]), cancellationToken).ConfigureAwait(false);
                return 0;
            }

            if (!ManagerCommand.TryResolve(mibs, operands[1], out var trapOid, out var trapComplaint))
            {
                throw new ToolException(trapComplaint);
            }

            var uptime = Uptime(operands[0]);
            // -E and -n: the scopedPDU's contextEngineID and contextName (SNMPv3).
            bool v3 = version == SnmpVersion.SNMPv3;
            var context = v3 && options.Context is not null ? new OctetString(options.Context) : null;
            var contextEngineId = v3 ? options.ContextEngineId : null;
            if (asInform)
            {
                var request = new RequestOptions { Timeout = options.TotalTimeout, RefreshPeriod = options.RefreshPeriod, Context = context, ContextEngineId = contextEngineId };
                await notifier.InformAsync(trapOid, varBinds, uptime, request, cancellationToken).ConfigureAwait(false);
            }
            else if (context is not null || contextEngineId is not null)
            {
                await notifier.SendTrapAsync(trapOid, varBinds, uptime, new RequestOptions { Context = context, ContextEngineId = contextEngineId }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await notifier.SendTrapAsync(trapOid, varBinds, uptime, cancellationToken).ConfigureAwait(false);
            }

            return 0;
        }
        catch (SnmpTimeoutException) when (asInform)
        {
            throw new ToolException($"{Program}: Timeout");
        }
        catch (SnmpTransportException e) when (tlsSettings?.Explain(e, Program, options.Operands[0], TlsSettings.Host(peer[(peer.IndexOf(':', StringComparison.Ordinal) + 1)..])) is { } text)
        {
            throw new ToolException(text);
        }
        catch (Exception e) when (Failures.Explain(e, Program, options.Operands[0]) is { } failure)
        {
            throw failure;
        }
    }

    private static TimeTicks? Uptime(string text) =>
        text.Length == 0 ? null
        : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? new TimeTicks(ticks)
        : throw new ToolException($"Invalid uptime: {text}");
}

/// <summary>
/// <c>snmp listen</c>: a Notification Receiver (the library's <see cref="TrapReceiver"/>) that
/// prints each notification as snmptrapd -f -Lo prints it by default: a line with the time, the
/// sender's name and the transport addresses, then the varbinds (tab-separated for SNMPv2c/v3;
/// for SNMPv1 the enterprise, generic and specific trap and uptime, then one varbind per line).
/// Communities with -c (repeatable, default public), one USM user with -u -a -A -x -X (and -e for
/// a trap sender's engine), -n prints addresses without looking up names; listens on the
/// operands (default udp:0.0.0.0:162) until interrupted or -Cc N notifications were printed.
/// </summary>
internal sealed class ListenCommand : ToolCommand
{
    public override string Name => "listen";

    public override string Program => "snmptrapd";

    public override string Operands => "[LISTENING-ADDRESS]...";

    public override string Summary => "receive notifications and print them as snmptrapd does";

    public override string ExtraFlags => "fn";

    public override string ValueLetters => CommonOptions.LettersWithValue.Replace("n", "", StringComparison.Ordinal);

    public override async Task<int> RunAsync(CommonOptions options, ToolConsole console, CancellationToken cancellationToken)
    {
        int? stopAfter = null;
        foreach (var value in options.ApplicationOptions)
        {
            stopAfter = value.StartsWith('c') && int.TryParse(value.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new ToolException($"Unknown flag passed to -C: {value[0]}", 1, showUsage: true);
        }

        var mibs = MibSelection.Load(options, console);
        var printer = new VarBindPrinter(mibs, options.Output);
        var listenOn = options.Operands.Count == 0 ? ["0.0.0.0:162"] : options.Operands.Select(a => AgentSession.WithDefaultPort(a, 162)).ToList();
        var users = new List<TrapReceiverUser>();
        if (options.UserName is not null)
        {
            // Traps from any sender's engine (learnt when first seen) and informs; with -e, traps
            // only from that engine (snmptrapd's createUser -e).
            users.Add(new TrapReceiverUser(options.UserName, options.AuthProtocol ?? (options.AuthPassphrase is null ? null : AuthenticationProtocol.HmacMd5), options.AuthPassphrase,
                options.PrivProtocol ?? (options.PrivPassphrase is null ? null : PrivacyProtocol.Des), options.PrivPassphrase) { EngineId = options.SecurityEngineId });
        }
        await using var receiver = new TrapReceiver(new TrapReceiverOptions
        {
            ListenOn = listenOn,
            Communities = options.Community is null ? ["public"] : [options.Community],
            Users = users,
        });
        bool numeric = options.CommandFlags.Contains('n');
        int printed = 0;
        try
        {
            await foreach (var notification in receiver.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var local = receiver.Endpoints.FirstOrDefault();
                await console.Out.WriteAsync(await FormatAsync(notification, printer, local, numeric).ConfigureAwait(false)).ConfigureAwait(false);
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (stopAfter is { } limit && ++printed >= limit)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return 0;
    }

    private static readonly string[] GenericNames = ["Cold Start", "Warm Start", "Link Down", "Link Up", "Authentication Failure", "EGP Neighbor Loss", "Enterprise Specific"];

    /// <summary>One notification as snmptrapd prints it by default.</summary>
    internal static async Task<string> FormatAsync(ReceivedNotification n, VarBindPrinter printer, EndPoint? local, bool numeric)
    {
        var time = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var via = $"UDP: {Bracketed(n.Source)}->{(local is null ? "" : Bracketed(local))}";
        if (n.V1Trap is { } trap)
        {
            var agent = trap.AgentAddress.ToString();
            // snmptrapd names an SNMPv1 agent-addr only under -n (and prints it as it came without).
            var agentName = numeric ? await HostNameAsync(new IPEndPoint(IPAddress.Parse(agent), 0), numeric: false).ConfigureAwait(false) : agent;
            var sb = new System.Text.StringBuilder();
            sb.Append(time).Append(' ').Append(agentName).Append(" [").Append(agent).Append("] (via ").Append(via).Append(") TRAP, SNMP v1, community ").Append(n.Community.ToString()).Append('\n');
            sb.Append('\t').Append(printer.FormatName(trap.Enterprise)).Append(' ').Append(GenericNames[Math.Clamp((int)trap.GenericTrap, 0, 6)])
                .Append(" Trap (").Append(trap.SpecificTrap.ToString(CultureInfo.InvariantCulture)).Append(") Uptime: ")
                .Append(MibValueFormat.FormatTimeTicks(trap.TimeStamp.Value)[(MibValueFormat.FormatTimeTicks(trap.TimeStamp.Value).IndexOf(')', StringComparison.Ordinal) + 2)..]).Append('\n');
            sb.Append(trap.VarBinds.Count == 0 ? "" : "\t" + string.Join("\t", trap.VarBinds.Select(printer.Format))).Append('\n');
            return sb.ToString();
        }

        // snmptrapd -n prints the transport addresses where it would print the sender's name.
        var host = numeric ? via : await HostNameAsync(n.Source, numeric: false).ConfigureAwait(false);
        return $"{time} {host} [{via}]:\n{string.Join("\t", n.VarBinds.Select(printer.Format))}\n";
    }

    private static string Bracketed(EndPoint endPoint) => endPoint is IPEndPoint ip
        ? $"[{ip.Address}]:{ip.Port.ToString(CultureInfo.InvariantCulture)}"
        : endPoint.ToString() ?? "";

    private static async Task<string> HostNameAsync(EndPoint source, bool numeric)
    {
        if (source is not IPEndPoint ip)
        {
            return source.ToString() ?? "";
        }

        if (numeric)
        {
            return ip.Address.ToString();
        }

        try
        {
            return (await Dns.GetHostEntryAsync(ip.Address).ConfigureAwait(false)).HostName;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return ip.Address.ToString();
        }
    }
}
