using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// What a multi-lingual Command Responder does to answer a request that came in an SNMPv1
/// message (RFC 3584 section 4.2.2 and 4.4): it serves the MIB as for SNMPv2, with Counter64
/// instances out of view, then maps the SNMPv2 response to one an SNMPv1 manager understands.
/// </summary>
internal static class Rfc3584Translation
{
    /// <summary>
    /// True when an instance with this value is out of view for an SNMPv1 request (RFC 3584
    /// section 4.2.2.1): SNMPv1 cannot carry Counter64, so a Get finds noSuchName and a GetNext
    /// skips to the next instance.
    /// </summary>
    public static bool IsOutOfViewForSnmpV1(SnmpValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value is Counter64;
    }

    /// <summary>
    /// The SNMPv1 error-status for an SNMPv2 one (RFC 3584 section 4.4). The SNMPv1 values
    /// (noError .. genErr) and numbers no RFC defines are returned unchanged.
    /// </summary>
    public static ErrorStatus ToSnmpV1(ErrorStatus status) => status switch
    {
        ErrorStatus.WrongValue or ErrorStatus.WrongEncoding or ErrorStatus.WrongType or ErrorStatus.WrongLength or ErrorStatus.InconsistentValue => ErrorStatus.BadValue,
        ErrorStatus.NoAccess or ErrorStatus.NotWritable or ErrorStatus.NoCreation or ErrorStatus.InconsistentName or ErrorStatus.AuthorizationError => ErrorStatus.NoSuchName,
        ErrorStatus.ResourceUnavailable or ErrorStatus.CommitFailed or ErrorStatus.UndoFailed => ErrorStatus.GenErr,
        _ => status,
    };

    /// <summary>
    /// The SNMPv1 Response to <paramref name="request"/> for the SNMPv2 <paramref name="response"/>
    /// computed for it: an error-status is mapped (RFC 3584 section 4.4), and without one the first
    /// exception (noSuchObject, noSuchInstance, endOfMibView) becomes noSuchName with its index
    /// (section 4.2.2.2). SNMPv1 cannot return values with an error, so an error response carries
    /// the request's variable bindings (RFC 1157 section 4.1.2). An answer that needs no change is
    /// returned as it is.
    /// </summary>
    public static Pdu ToSnmpV1Response(Pdu response, SnmpPdu request)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(request);
        if (response.ErrorStatus != ErrorStatus.NoError)
        {
            return new Pdu(PduType.Response, response.RequestId, ToSnmpV1(response.ErrorStatus), response.ErrorIndex, request.VarBinds);
        }

        var varBinds = response.VarBinds.AsSpan();
        for (int i = 0; i < varBinds.Length; i++)
        {
            if (varBinds[i].Value.IsException)
            {
                return new Pdu(PduType.Response, response.RequestId, ErrorStatus.NoSuchName, i + 1, request.VarBinds);
            }
        }

        return response;
    }
}
