using System.Net;
using Snmp.AbstractServices;
using Snmp.Messages;

namespace Snmp.Applications;

/// <summary>
/// Where and how a Command Generator sends one request: the transport address and the
/// version/security parameters of RFC 3413 section 3.1 (for SNMPv1/v2c the securityName is the
/// community, RFC 3584 section 5).
/// </summary>
/// <param name="TransportDomain">The transport domain of <paramref name="TransportAddress"/>.</param>
/// <param name="TransportAddress">The agent's transport address.</param>
/// <param name="MessageProcessingModel">The SNMP version to speak.</param>
/// <param name="SecurityModel">The security model (SNMPv1, SNMPv2c or USM).</param>
/// <param name="SecurityName">The community (v1/v2c) or USM user name (v3).</param>
/// <param name="SecurityLevel">The security level; always noAuthNoPriv for v1/v2c.</param>
/// <param name="ContextEngineId">The contextEngineID of the scopedPDU (v3); empty otherwise.</param>
/// <param name="ContextName">The contextName of the scopedPDU (v3); empty otherwise.</param>
public sealed record SnmpTarget(
    TransportDomain TransportDomain,
    EndPoint TransportAddress,
    SnmpVersion MessageProcessingModel,
    SecurityModel SecurityModel,
    OctetString SecurityName,
    SecurityLevel SecurityLevel,
    OctetString ContextEngineId,
    OctetString ContextName)
{
    /// <summary>The snmpEngineID of the engine the request goes to when the contextEngineID names another (SNMPv3); null when they are the same.</summary>
    public OctetString? SecurityEngineId { get; init; }

    /// <summary>A community-based (SNMPv1 or SNMPv2c) target.</summary>
    public static SnmpTarget Community(TransportDomain domain, EndPoint address, SnmpVersion version, OctetString community)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(community);
        return version switch
        {
            SnmpVersion.SNMPv1 => new(domain, address, SnmpVersion.SNMPv1, SecurityModel.SNMPv1, community, SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty),
            SnmpVersion.SNMPv2c => new(domain, address, SnmpVersion.SNMPv2c, SecurityModel.SNMPv2c, community, SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty),
            _ => throw new ArgumentException($"{version} is not community-based.", nameof(version)),
        };
    }
}

/// <summary>
/// How long a request may take and how often it is retransmitted: the request fails with a
/// timeout <see cref="Timeout"/> after it was first sent, and is sent again (with the same
/// request-id) every <see cref="RefreshPeriod"/> until then.
/// </summary>
/// <param name="Timeout">Total time allowed, measured from the first transmission.</param>
/// <param name="RefreshPeriod">Interval between retransmissions.</param>
public readonly record struct RetransmissionPolicy(TimeSpan Timeout, TimeSpan RefreshPeriod)
{
    /// <summary>The defaults: 10 seconds in all, a retransmission every second.</summary>
    public static RetransmissionPolicy Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1));

    /// <summary>
    /// Whether a Report below the request's security level (an unauthenticated
    /// usmStatsWrongDigests after a wrong pass phrase, say) ends the request at once with that
    /// Report, as Net-SNMP's tools do. Off by default: such a Report is only remembered (and named
    /// in the timeout's detail) while the request waits for an authenticated answer (RFC 3414
    /// 3.2), because anyone who can send a datagram with the request's msgID can forge it. Only a
    /// Report the message processing model matched to this request by its msgID reaches it.
    /// </summary>
    public bool EndOnUnauthenticatedReport { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless both periods are positive.</summary>
    public void Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive.");
        }

        if (RefreshPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RefreshPeriod), RefreshPeriod, "The refresh period must be positive.");
        }
    }
}
