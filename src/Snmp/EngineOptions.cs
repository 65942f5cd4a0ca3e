using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp;

/// <summary>The Engine's defaults for the Managers it creates (the reference's constructor arguments).</summary>
public sealed record EngineOptions
{
    /// <summary>The SNMP version of a Manager created without one. Default SNMPv3, as in the reference.</summary>
    public SnmpVersion DefaultVersion { get; init; } = SnmpVersion.SNMPv3;

    /// <summary>The transport domain of a Manager created without one (when the address does not imply another). Default UDP over IPv4.</summary>
    public TransportDomain DefaultDomain { get; init; } = TransportDomain.UdpIpv4;

    /// <summary>The security model of SNMPv3 Managers. Default USM.</summary>
    public SecurityModel DefaultSecurityModel { get; init; } = SecurityModel.Usm;

    /// <summary>The community of SNMPv1/v2c Managers created without one. Default empty.</summary>
    public OctetString DefaultCommunity { get; init; } = OctetString.Empty;

    /// <summary>The reference's autowait: whether Managers' handle forms (BeginGet, ...) wait for the response before returning the handle. Default true.</summary>
    public bool Autowait { get; init; } = true;

    /// <summary>
    /// Your own <see cref="SnmpModule"/>s, registered after the library's: an
    /// <see cref="ITransportMappingFactory"/> adds a transport (or takes over a domain), an
    /// <see cref="ISecurityModel"/> a security model that SNMPv3 messages may name by its
    /// number. See ARCHITECTURE.md, "Plugging in a transport or a security model".
    /// </summary>
    public IReadOnlyList<SnmpModule> Modules { get; init; } = [];

    /// <summary>
    /// This engine's snmpEngineID (RFC 3411 section 3.1.1.1): the msgAuthoritativeEngineID of the
    /// SNMPv3 traps it sends, for which it is the authoritative engine (RFC 3414 section 2.3).
    /// Kept in <see cref="EngineBootsFile"/>, else generated in the RFC 3411 format, when null.
    /// </summary>
    public OctetString? EngineId { get; init; }

    /// <summary>
    /// Where snmpEngineBoots (and the engine ID) persist across restarts (RFC 3414 2.2.2), so that
    /// receivers' replay protection keeps accepting this engine's SNMPv3 traps after a restart.
    /// Null: snmpEngineBoots is 1 on every start.
    /// </summary>
    public string? EngineBootsFile { get; init; }

    /// <summary>Who the engine is: <see cref="EngineId"/> and <see cref="EngineBootsFile"/>, as every engine's options give them.</summary>
    internal Composition.EngineIdentity Identity => new(EngineId, EngineBootsFile);

    /// <summary>
    /// The MIB modules that resolve symbolic names given as OIDs (<c>"IF-MIB::ifDescr.3"</c>,
    /// <c>"sysUpTime.0"</c>) in requests, walks, tables and notifications: for example
    /// <c>new MibModuleSet(dirs)</c> from Snmp.Smi.Modules after <c>LoadAll()</c>, or a cached set.
    /// Null: only dotted OIDs are accepted as text. Dotted text never consults it.
    /// </summary>
    public IObjectNameResolver? Mibs { get; init; }

    /// <summary>
    /// No longer has any effect. It ran the code after <c>await manager.GetAsync(...)</c> on the
    /// engine's receive thread, which saved the thread pool's spinning but let a continuation that
    /// blocked on another answer stop the engine. Awaited requests now always continue on a few
    /// threads of the engine's own, each given work only while idle (no thread-pool hand-off, no
    /// spinning, and a continuation that blocks holds up no other answer); see
    /// benchmarks/README.md, issue 26.
    /// </summary>
    [Obsolete("Has no effect: awaited requests continue on the engine's own answer threads, which cost about what this option saved without its deadlock hazard.")]
    public bool ContinueOnReceiveThread { get; init; }

    /// <summary>
    /// The certificates and policy of RFC 6353's TLS and DTLS transports: when set, addresses
    /// "tls:host:port" / "tlstcp:" (TLS over TCP) and "dtls:host:port" / "dtlsudp:" (DTLS over UDP)
    /// are understood, with ports 10161 and 10162 by default. Null: no (D)TLS. Use them with the
    /// Transport Security Model (SecurityModel.Tsm). Checked when the engine is built.
    /// </summary>
    public Snmp.Transport.Tls.TlsTransportOptions? Tls { get; init; }
}
