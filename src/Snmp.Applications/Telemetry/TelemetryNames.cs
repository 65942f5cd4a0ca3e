using System.Diagnostics;
using System.Net;
using Snmp.AbstractServices;

namespace Snmp.Applications.Telemetry;

/// <summary>
/// Tag values as constant strings, so that recording a measurement on the per-message path
/// allocates nothing (enum names and numbers would be formatted afresh each time).
/// </summary>
internal static class TelemetryNames
{
    private static readonly string[] ErrorStatuses =
    [
        "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType", "wrongLength", "wrongEncoding",
        "wrongValue", "noCreation", "inconsistentValue", "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError",
        "notWritable", "inconsistentName",
    ];

    public static string Of(PduType type) => type switch
    {
        PduType.GetRequest => "GetRequest",
        PduType.GetNextRequest => "GetNextRequest",
        PduType.Response => "Response",
        PduType.SetRequest => "SetRequest",
        PduType.TrapV1 => "TrapV1",
        PduType.GetBulkRequest => "GetBulkRequest",
        PduType.InformRequest => "InformRequest",
        PduType.SNMPv2Trap => "SNMPv2Trap",
        PduType.Report => "Report",
        _ => "unknown",
    };

    /// <summary>The span name of a request of <paramref name="type"/>: "SNMP GetRequest".</summary>
    public static string SpanName(PduType type) => type switch
    {
        PduType.GetRequest => "SNMP GetRequest",
        PduType.GetNextRequest => "SNMP GetNextRequest",
        PduType.SetRequest => "SNMP SetRequest",
        PduType.GetBulkRequest => "SNMP GetBulkRequest",
        PduType.InformRequest => "SNMP InformRequest",
        _ => "SNMP",
    };

    public static string Of(SnmpVersion version) => version switch
    {
        SnmpVersion.SNMPv1 => "SNMPv1",
        SnmpVersion.SNMPv2c => "SNMPv2c",
        SnmpVersion.SNMPv3 => "SNMPv3",
        _ => "unknown",
    };

    public static string Of(SecurityLevel level) => level switch
    {
        SecurityLevel.NoAuthNoPriv => "noAuthNoPriv",
        SecurityLevel.AuthNoPriv => "authNoPriv",
        SecurityLevel.AuthPriv => "authPriv",
        _ => "unknown",
    };

    /// <summary>"noSuchName": error-status as RFC 3416 names it; a number outside the list as its digits.</summary>
    public static string Of(ErrorStatus status) =>
        (uint)status < (uint)ErrorStatuses.Length ? ErrorStatuses[(int)status] : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The description tags of one request or served request, for a span that records them:
    /// PDU type, version, security model and level, request-id, transport domain, and the peer's
    /// address as OpenTelemetry's server.* (a request) or client.* (a served request). Never the
    /// securityName (a community-based request's securityName is its community) nor a value.
    /// </summary>
    public static void Describe(Activity activity, PduType type, SnmpVersion version, SecurityModel model, SecurityLevel level, int requestId,
        TransportDomain domain, EndPoint peer, bool peerIsServer)
    {
        activity.SetTag(SnmpTelemetry.PduTypeTag, Of(type));
        activity.SetTag(SnmpTelemetry.VersionTag, Of(version));
        activity.SetTag(SnmpTelemetry.SecurityModelTag, model.ToString());
        activity.SetTag(SnmpTelemetry.SecurityLevelTag, Of(level));
        activity.SetTag(SnmpTelemetry.RequestIdTag, requestId);
        activity.SetTag(SnmpTelemetry.TransportDomainTag, domain.Name);
        if (peer is IPEndPoint ip)
        {
            activity.SetTag(peerIsServer ? "server.address" : "client.address", ip.Address.ToString());
            activity.SetTag(peerIsServer ? "server.port" : "client.port", ip.Port);
        }
        else
        {
            activity.SetTag(peerIsServer ? "server.address" : "client.address", peer.ToString());
        }
    }
}
