using System.Net.Sockets;

namespace Snmp.Tool.Cli;

/// <summary>
/// One command's engine and Manager for the agent operand, set up from Net-SNMP's flags: the
/// version, the community or the USM user (added to the engine's user table), -t and -r as the
/// request's timeout and retransmission period, -n as the contextName. The checks Net-SNMP makes
/// before sending (a community, a user name, pass phrases of at least 8 characters) with its wording.
/// </summary>
internal sealed class AgentSession : IAsyncDisposable
{
    private AgentSession(Engine engine, Manager manager, RequestOptions request, string peer, CommonOptions options)
    {
        Options = options;
        Engine = engine;
        Manager = manager;
        Request = request;
        Peer = peer;
    }

    public Engine Engine { get; }

    /// <summary>The command line's options the session was opened with.</summary>
    public CommonOptions Options { get; }

    public Manager Manager { get; }

    /// <summary>The per-request options every request of the command carries.</summary>
    public RequestOptions Request { get; }

    /// <summary>The agent as the user wrote it (Net-SNMP's messages repeat it).</summary>
    public string Peer { get; }

    /// <param name="options">The command line's options.</param>
    /// <param name="program">Net-SNMP's program name, for the messages.</param>
    /// <param name="peer">The agent operand.</param>
    /// <param name="mibs">The MIB modules for names.</param>
    /// <param name="dumpTo">With -d: where every packet is dumped (standard error).</param>
    /// <param name="environment">The environment (SNMPCONFPATH and HOME, for a TLS agent's certificates); null: the process's.</param>
    /// <param name="error">Where Net-SNMP's notices about a TLS agent go (standard error); null: <paramref name="dumpTo"/>.</param>
    public static AgentSession Open(CommonOptions options, string program, string peer, Smi.Modules.MibModuleSet mibs, TextWriter? dumpTo = null,
        Func<string, string?>? environment = null, TextWriter? error = null)
    {
        if (TlsSettings.IsTlsPeer(peer, out var datagram, out var address))
        {
            return OpenTls(options, program, peer, address, datagram, mibs, environment ?? System.Environment.GetEnvironmentVariable, error ?? dumpTo ?? TextWriter.Null);
        }

        CheckCredentials(options, program);
        var engine = new Engine(new EngineOptions
        {
            DefaultVersion = options.Version,
            Mibs = mibs,
            Modules = options.DumpPackets && dumpTo is not null ? [new PacketDumpModule(dumpTo)] : [],
        });
        try
        {
            if (options.Version == SnmpVersion.SNMPv3)
            {
                engine.Usm.AddUser(options.UserName!, options.AuthProtocol ?? (options.AuthPassphrase is null ? null : AuthenticationProtocol.HmacMd5), options.AuthPassphrase,
                    options.PrivProtocol ?? (options.PrivPassphrase is null ? null : PrivacyProtocol.Des), options.PrivPassphrase);
                if (options.EngineTime is { } clock && options.SecurityEngineId is { } engineId)
                {
                    // -Z with -e: the agent's clock is known, so the first request needs no Report to learn it.
                    engine.Usm.SetEngineTime(engineId, clock.Boots, clock.Time);
                }
            }

            var manager = CreateManager(engine, options, program, peer);
            manager.Timeout = options.TotalTimeout;
            manager.RefreshPeriod = options.RefreshPeriod;
            var request = new RequestOptions
            {
                Context = options.Context is null ? null : new OctetString(options.Context),
                ContextEngineId = options.Version == SnmpVersion.SNMPv3 ? options.ContextEngineId : null,
                // As Net-SNMP: an unauthenticated Report for this request (a wrong pass phrase's
                // usmStatsWrongDigests) ends it at once instead of after the timeout.
                EndOnUnauthenticatedReport = options.Version == SnmpVersion.SNMPv3,
            };
            return new AgentSession(engine, manager, request, peer, options);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    /// <summary>The certificates of a TLS or DTLS agent, when the agent operand names one (null otherwise).</summary>
    public TlsSettings? Tls { get; private init; }

    /// <summary>The agent's host, for Net-SNMP's certificate messages.</summary>
    public string Host { get; private init; } = "";

    // SNMPv3 with the Transport Security Model over the (D)TLS mapping (RFC 5591, RFC 6353), as
    // Net-SNMP does for a tlstcp:/dtlsudp: agent whatever -v says: securityLevel authPriv unless
    // -l asks for less, RFC 5343 discovery of the contextEngineID, -u as securityName (Net-SNMP's
    // placeholder "__BOGUS__" otherwise: the agent names us by our certificate).
    private static AgentSession OpenTls(CommonOptions options, string program, string peer, string address, bool datagram,
        Smi.Modules.MibModuleSet mibs, Func<string, string?> environment, TextWriter error)
    {
        var settings = TlsSettings.Read(options, environment, datagram);
        var withPort = TlsSettings.WithDefaultPort(address);
        var host = TlsSettings.Host(withPort);
        var tls = settings.Build(program, peer, host, options.TotalTimeout, error);
        if (options.VersionGiven && options.Version != SnmpVersion.SNMPv3)
        {
            error.Write("A SNMP version other than 3 was requested with (D)TLS; using 3 anyways\n");
        }
        var engine = new Engine(new EngineOptions
        {
            DefaultVersion = SnmpVersion.SNMPv3,
            Mibs = mibs,
            Tls = tls,
        });
        try
        {
            Manager manager;
            try
            {
                manager = engine.Manager((datagram ? "dtlsudp:" : "tlstcp:") + withPort, SnmpVersion.SNMPv3, securityModel: Snmp.AbstractServices.SecurityModel.Tsm,
                    defaultSecurityLevel: options.SecurityLevel ?? SecurityLevel.AuthPriv, defaultUserName: options.UserName ?? "__BOGUS__");
            }
            catch (Exception e) when (e is FormatException or SocketException or ArgumentException)
            {
                throw new ToolException($"{program}: Unknown host ({peer})");
            }

            manager.Timeout = options.TotalTimeout;
            manager.RefreshPeriod = options.RefreshPeriod;
            var request = new RequestOptions
            {
                Context = options.Context is null ? null : new OctetString(options.Context),
                ContextEngineId = options.ContextEngineId,
            };
            return new AgentSession(engine, manager, request, peer, options) { Tls = settings, Host = host };
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    private static Manager CreateManager(Engine engine, CommonOptions options, string program, string peer)
    {
        try
        {
            return options.Version == SnmpVersion.SNMPv3
                ? engine.Manager(WithDefaultPort(peer), SnmpVersion.SNMPv3, engineId: options.SecurityEngineId,
                    defaultSecurityLevel: options.SecurityLevel ?? SecurityLevel.NoAuthNoPriv, defaultUserName: options.UserName)
                : engine.Manager(WithDefaultPort(peer), options.Version, community: new OctetString(options.Community!));
        }
        catch (Exception e) when (e is FormatException or SocketException or ArgumentException)
        {
            throw new ToolException($"{program}: Unknown host ({peer})");
        }
    }

    /// <summary>Net-SNMP's agent syntax: [transport:]host[:port], port 161 when none is given.</summary>
    internal static string WithDefaultPort(string peer, int port = 161)
    {
        var rest = peer;
        var prefix = "";
        int colon = peer.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && peer[..colon].ToLowerInvariant() is "udp" or "udp6" or "tcp" or "tcp6" or "udpv6" or "udpipv6" or "tcpv6" or "tcpipv6")
        {
            prefix = peer[..(colon + 1)];
            rest = peer[(colon + 1)..];
        }

        bool hasPort = rest.StartsWith('[') ? rest.Contains("]:", StringComparison.Ordinal) : rest.Count(c => c == ':') == 1;
        if (hasPort)
        {
            return peer;
        }

        // A bare IPv6 literal gets brackets, so the port reads as a port.
        return rest.Contains(':', StringComparison.Ordinal) && !rest.StartsWith('[')
            ? $"{prefix}[{rest}]:{port}"
            : $"{prefix}{rest}:{port}";
    }

    private static void CheckCredentials(CommonOptions options, string program)
    {
        if (options.Version != SnmpVersion.SNMPv3)
        {
            if (options.Community is null)
            {
                throw new ToolException("No community name specified.", 1, showUsage: true);
            }

            return;
        }

        if (string.IsNullOrEmpty(options.UserName))
        {
            throw new ToolException($"{program}: No securityName specified");
        }

        var level = options.SecurityLevel ?? SecurityLevel.NoAuthNoPriv;
        if (level >= SecurityLevel.AuthNoPriv && options.AuthPassphrase is null)
        {
            throw new ToolException($"{program}: USM authentication failure (incorrect password or key)");
        }

        if (level == SecurityLevel.AuthPriv && options.PrivPassphrase is null)
        {
            throw new ToolException($"{program}: USM encryption failure (incorrect password or key)");
        }

        foreach (var (phrase, kind) in new[] { (options.AuthPassphrase, "authentication"), (options.PrivPassphrase, "privacy") })
        {
            if (phrase is { Length: < 8 })
            {
                throw new ToolException($"Error: passphrase chosen is below the length requirements of the USM (min=8).\n{program}:  (The supplied password length is too short.)\nError generating a key (Ku) from the supplied {kind} pass phrase. ");
            }
        }
    }

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync().ConfigureAwait(false);
}
