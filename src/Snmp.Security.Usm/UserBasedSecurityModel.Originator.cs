using Snmp.AbstractServices;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Security.Usm;

// What USM does for the applications that originate messages (IOriginatorSecurityModel): its own
// discovery (RFC 3414 section 4), key localisation (RFC 3414 2.6), the one resend after an
// authenticated usmStatsNotInTimeWindows Report, and the refused clock of a restarted agent.
public sealed partial class UserBasedSecurityModel : IOriginatorSecurityModel
{
    private static readonly ObjectIdentifier NotInTimeWindowsInstance = SnmpCounterObjects.InstanceOf(SnmpCounter.UsmStatsNotInTimeWindows);

    /// <summary>
    /// The principal's own default level, else the highest its <see cref="UsmUser"/> credentials
    /// support (noAuthNoPriv without credentials).
    /// </summary>
    public SecurityLevel DefaultSecurityLevel(SecurityPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.DefaultSecurityLevel ?? (principal.Credentials as UsmUser)?.MaxSecurityLevel ?? SecurityLevel.NoAuthNoPriv;
    }

    /// <summary>
    /// Discovery (RFC 3414 section 4): a noAuthNoPriv GetRequest with an empty
    /// msgAuthoritativeEngineID and user name draws a usmStatsUnknownEngineIDs Report whose
    /// contextEngineID is the engine's snmpEngineID (its boots and time are learnt on the way in,
    /// until an authenticated message confirms them).
    /// </summary>
    /// <exception cref="SnmpImproperResponseException">The answer names no snmpEngineID.</exception>
    public async Task<OctetString> DiscoverEngineIdAsync(SecurityTarget target, SendConfirmedPdu send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(send);
        var probe = new SendPduParameters(target.TransportDomain, target.TransportAddress, SnmpVersion.SNMPv3, SecurityModel.Usm,
            OctetString.Empty, SecurityLevel.NoAuthNoPriv, OctetString.Empty, OctetString.Empty, new Pdu(PduType.GetRequest, 0, VarBindList.Empty), ExpectResponse: true);
        var answer = await send(probe, cancellationToken).ConfigureAwait(false);
        return answer.ContextEngineId.Length > 0
            ? answer.ContextEngineId
            : throw new SnmpImproperResponseException("the engine discovery answer names no snmpEngineID", answer.Pdu.VarBinds);
    }

    /// <summary>
    /// Localises the keys of the principal's <see cref="UsmUser"/> credentials for
    /// <paramref name="securityEngineId"/> once (RFC 3414 2.6), replacing a row of that user name
    /// made from other credentials. Without credentials the usmUserTable row must already exist.
    /// </summary>
    public void PrepareSecurityName(OctetString securityEngineId, SecurityPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(securityEngineId);
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Credentials is not UsmUser credentials)
        {
            return;
        }

        var row = FindUser(securityEngineId, credentials.UserName);
        if (row is null || !ReferenceEquals(row.User, credentials))
        {
            AddUser(securityEngineId, credentials);
        }
    }

    /// <summary>
    /// An authenticated usmStatsNotInTimeWindows Report (RFC 3414 3.2 step 7, sent authNoPriv even
    /// for an authPriv request) has re-synchronised the notion of the agent's clock: the request
    /// deserves one immediate retry (RFC 3414 section 4).
    /// </summary>
    public bool ResendAfterReport(ProcessResponsePduParameters report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Pdu.Type == PduType.Report && report.SecurityLevel >= SecurityLevel.AuthNoPriv &&
            report.Pdu.VarBinds.Count > 0 && report.Pdu.VarBinds[0].Oid.Equals(NotInTimeWindowsInstance);
    }

    /// <summary>
    /// When USM has been refusing the engine's authenticated messages because its clock went
    /// backwards (RFC 3414 3.2 step 7b), says so (clocks only); null otherwise.
    /// </summary>
    public string? ExplainTimeout(OctetString securityEngineId) =>
        securityEngineId is { Length: > 0 } && DescribeRefusedEngineTime(securityEngineId) is { } regression
            ? $"{regression}; its authenticated messages are refused as possible replays (RFC 3414 3.2 step 7b) until it answers a request with an authenticated usmStatsNotInTimeWindows Report"
            : null;
}
