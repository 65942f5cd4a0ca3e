namespace Snmp;

/// <summary>The context-specific constructed tags of the PDUs (RFC 3416 section 3, RFC 1157 section 4.1).</summary>
public enum PduType : byte
{
    /// <summary>GetRequest-PDU [0].</summary>
    GetRequest = 0xA0,
    /// <summary>GetNextRequest-PDU [1].</summary>
    GetNextRequest = 0xA1,
    /// <summary>Response-PDU [2] (GetResponse-PDU in SNMPv1).</summary>
    Response = 0xA2,
    /// <summary>SetRequest-PDU [3].</summary>
    SetRequest = 0xA3,
    /// <summary>SNMPv1 Trap-PDU [4] (RFC 1157 section 4.1.6).</summary>
    TrapV1 = 0xA4,
    /// <summary>GetBulkRequest-PDU [5] (not in SNMPv1).</summary>
    GetBulkRequest = 0xA5,
    /// <summary>InformRequest-PDU [6] (not in SNMPv1).</summary>
    InformRequest = 0xA6,
    /// <summary>SNMPv2-Trap-PDU [7] (not in SNMPv1).</summary>
    SNMPv2Trap = 0xA7,
    /// <summary>Report-PDU [8] (SNMPv3 engines only).</summary>
    Report = 0xA8,
}

/// <summary>The PDU classes of RFC 3411 section 2.8, used by the dispatcher to route PDUs.</summary>
public static class PduClasses
{
    /// <summary>Read Class: GetRequest, GetNextRequest, GetBulkRequest.</summary>
    public static bool IsRead(this PduType type) => type is PduType.GetRequest or PduType.GetNextRequest or PduType.GetBulkRequest;

    /// <summary>Write Class: SetRequest.</summary>
    public static bool IsWrite(this PduType type) => type == PduType.SetRequest;

    /// <summary>Response Class: Response and Report.</summary>
    public static bool IsResponse(this PduType type) => type is PduType.Response or PduType.Report;

    /// <summary>Notification Class: Trap (v1), SNMPv2-Trap, InformRequest.</summary>
    public static bool IsNotification(this PduType type) => type is PduType.TrapV1 or PduType.SNMPv2Trap or PduType.InformRequest;

    /// <summary>Internal Class: Report.</summary>
    public static bool IsInternal(this PduType type) => type == PduType.Report;

    /// <summary>Confirmed Class: every PDU that expects a Response (all but Response, Report and the traps).</summary>
    public static bool IsConfirmed(this PduType type) =>
        type is PduType.GetRequest or PduType.GetNextRequest or PduType.GetBulkRequest or PduType.SetRequest or PduType.InformRequest;
}
