using System.Net;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.AbstractServices;

/// <summary>
/// What a security model does for the applications that originate messages (the Command
/// Generator and the Notification Originator of RFC 3413 sections 3.1 and 3.3, and the facade's
/// Managers, Notifiers and agent notification targets over them), beside the message security of
/// <see cref="ISecurityModel"/>: the level to send at when none is named, finding the remote
/// engine's snmpEngineID (USM's discovery of RFC 3414 section 4, or the contextEngineID discovery
/// of RFC 5343), readying a principal to send to an engine (USM localises its keys, RFC 3414 2.6),
/// sending once more after a Report that re-synchronised the model, and explaining a timeout.
/// </summary>
/// <remarks>
/// Every member has a default fit for a model without discovery of its own (as the Transport
/// Security Model of RFC 5591): noAuthNoPriv, RFC 5343 discovery, nothing to ready, no resend,
/// nothing to explain. A model implements this beside <see cref="ISecurityModel"/> (the facade
/// finds it on the registered <see cref="ISecurityModel"/>, or registered on its own); a model
/// that does not gets those defaults. Members are called from any thread, concurrently.
/// </remarks>
public interface IOriginatorSecurityModel
{
    /// <summary>The model's number (msgSecurityModel).</summary>
    SecurityModel SecurityModel { get; }

    /// <summary>
    /// The securityLevel of requests and notifications whose target names none (the principal's
    /// own default, when it has one, comes first).
    /// </summary>
    SecurityLevel DefaultSecurityLevel(SecurityPrincipal principal) => principal?.DefaultSecurityLevel ?? SecurityLevel.NoAuthNoPriv;

    /// <summary>
    /// Finds the snmpEngineID of the engine at <paramref name="target"/> (the contextEngineID and
    /// authoritative engine of the requests and informs sent to it), sending what it needs through
    /// <paramref name="send"/>. The default is RFC 5343 contextEngineID discovery
    /// (<see cref="ContextEngineIdDiscovery.DiscoverAsync"/>).
    /// </summary>
    /// <exception cref="SnmpException">The engine could not be discovered (a timeout, an improper answer).</exception>
    Task<OctetString> DiscoverEngineIdAsync(SecurityTarget target, SendConfirmedPdu send, CancellationToken cancellationToken) =>
        ContextEngineIdDiscovery.DiscoverAsync(target, send, cancellationToken);

    /// <summary>
    /// Readies the model to send as <paramref name="principal"/> with <paramref name="securityEngineId"/>
    /// as the authoritative engine (the remote engine of a request or inform, this engine for a
    /// trap): USM localises the principal's keys for it (RFC 3414 2.6). The default does nothing.
    /// </summary>
    /// <exception cref="SnmpConfigurationException">The principal cannot be used as configured.</exception>
    void PrepareSecurityName(OctetString securityEngineId, SecurityPrincipal principal)
    {
    }

    /// <summary>
    /// Whether <paramref name="report"/>, a Report answering a request sent with this model,
    /// re-synchronised the model so that the request deserves to be sent once more at once, even
    /// below the request's level (USM: an authenticated usmStatsNotInTimeWindows, RFC 3414 section 4).
    /// The default is false: the Report ends the request, or is remembered if below its level.
    /// </summary>
    bool ResendAfterReport(ProcessResponsePduParameters report) => false;

    /// <summary>
    /// What the model knows of why the engine <paramref name="securityEngineId"/> did not answer a
    /// request in time (USM: its clock went backwards, RFC 3414 3.2 step 7b), for the
    /// <see cref="SnmpTimeoutException"/>; null (the default) when nothing. Never a secret.
    /// </summary>
    string? ExplainTimeout(OctetString securityEngineId) => null;
}

/// <summary>
/// Sends a confirmed-class PDU as the Command Generator does (a fresh request-id, retransmitted
/// until answered or timed out) and returns the first Response or Report, unchecked: what an
/// <see cref="IOriginatorSecurityModel"/> discovers an engine with.
/// </summary>
/// <param name="request">What to send (the request-id is replaced).</param>
/// <param name="cancellationToken">Cancels the request.</param>
public delegate Task<ProcessResponsePduParameters> SendConfirmedPdu(SendPduParameters request, CancellationToken cancellationToken);

/// <summary>
/// Who an application sends as: snmpTargetParamsSecurityName (RFC 3413 SNMP-TARGET-MIB) and what
/// its security model needs besides (USM: the user's protocols and keys as a <c>UsmUser</c>).
/// </summary>
/// <param name="SecurityName">securityName.</param>
public sealed record SecurityPrincipal(OctetString SecurityName)
{
    /// <summary>What the security model needs to secure messages as this principal (opaque to the application); null when the name is enough.</summary>
    public object? Credentials { get; init; }

    /// <summary>The principal's own default securityLevel, if it has one.</summary>
    public SecurityLevel? DefaultSecurityLevel { get; init; }

    /// <summary>The highest securityLevel the principal can send at (authPriv unless its credentials say less).</summary>
    public SecurityLevel MaxSecurityLevel { get; init; } = SecurityLevel.AuthPriv;

    /// <summary>The securityName only, never the credentials.</summary>
    public override string ToString() => SecurityName.ToString();
}

/// <summary>Where and as whom an originating application sends: the transport address and the snmpTargetParams of RFC 3413.</summary>
/// <param name="TransportDomain">transportDomain.</param>
/// <param name="TransportAddress">transportAddress.</param>
/// <param name="SecurityModel">securityModel.</param>
/// <param name="Principal">securityName (and credentials).</param>
/// <param name="SecurityLevel">securityLevel.</param>
public sealed record SecurityTarget(TransportDomain TransportDomain, EndPoint TransportAddress, SecurityModel SecurityModel, SecurityPrincipal Principal, SecurityLevel SecurityLevel)
{
    /// <summary>
    /// What the remote entity is: a command responder (an agent, the default) or a notification
    /// receiver (the target of informs), which may have no command responder to answer a discovery request.
    /// </summary>
    public SnmpEntityRole Role { get; init; } = SnmpEntityRole.CommandResponder;
}

/// <summary>
/// Context EngineID discovery (RFC 5343): how a command generator finds the snmpEngineID of a
/// command responder whose security model has no discovery of its own (the Transport Security
/// Model, RFC 5591): a GetRequest for snmpEngineID.0 with the well-known contextEngineID
/// <see cref="LocalEngineId"/>, which the responder treats as its own snmpEngineID (RFC 5343
/// section 3) and answers with its real one as the Response's contextEngineID.
/// </summary>
public static class ContextEngineIdDiscovery
{
    /// <summary>localEngineID, '8000000006'H (RFC 5343 section 3): enterprise 0, format 6.</summary>
    public static OctetString LocalEngineId { get; } = OctetString.FromHex("8000000006");

    /// <summary>snmpEngineID.0 (SNMP-FRAMEWORK-MIB, RFC 3411), 1.3.6.1.6.3.10.2.1.1.0: what the discovery request asks for.</summary>
    public static ObjectIdentifier SnmpEngineIdInstance { get; } = new(1, 3, 6, 1, 6, 3, 10, 2, 1, 1, 0);

    /// <summary>True when <paramref name="contextEngineId"/> is <see cref="LocalEngineId"/>.</summary>
    public static bool IsLocalEngineId(OctetString contextEngineId) => contextEngineId is not null && contextEngineId.Equals(LocalEngineId);

    /// <summary>
    /// Sends the RFC 5343 discovery request to <paramref name="target"/> (as its principal, at its
    /// level) and returns the snmpEngineID of the answer: its contextEngineID, or else the value
    /// of snmpEngineID.0 it carries.
    /// </summary>
    /// <exception cref="SnmpImproperResponseException">The answer names no snmpEngineID.</exception>
    public static async Task<OctetString> DiscoverAsync(SecurityTarget target, SendConfirmedPdu send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(send);
        var probe = new SendPduParameters(target.TransportDomain, target.TransportAddress, SnmpVersion.SNMPv3, target.SecurityModel,
            target.Principal.SecurityName, target.SecurityLevel, LocalEngineId, OctetString.Empty,
            new Pdu(PduType.GetRequest, 0, VarBindList.ForRequest(SnmpEngineIdInstance)), ExpectResponse: true);
        var answer = await send(probe, cancellationToken).ConfigureAwait(false);
        if (answer.ContextEngineId.Length is >= 5 and <= 32 && !IsLocalEngineId(answer.ContextEngineId))
        {
            return answer.ContextEngineId;
        }

        foreach (var varBind in answer.Pdu.VarBinds)
        {
            if (varBind.Oid.Equals(SnmpEngineIdInstance) && varBind.Value is OctetString { Length: >= 5 and <= 32 } engineId)
            {
                return engineId;
            }
        }

        throw new SnmpImproperResponseException("the contextEngineID discovery answer (RFC 5343) names no snmpEngineID", answer.Pdu.VarBinds);
    }
}
