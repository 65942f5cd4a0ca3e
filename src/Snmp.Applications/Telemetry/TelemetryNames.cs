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
}
