using System.Globalization;
using Snmp.Tool.Output;

namespace Snmp.Tool.Cli;

/// <summary>
/// The library's typed errors told as Net-SNMP's tools tell them (snmp_api's error strings):
/// a timeout, a Report of the USM statistics (RFC 3414 section 3.2), an error-status in a
/// Response (RFC 3416 section 3) with the object it names.
/// </summary>
internal static class Failures
{
    /// <summary>As <see cref="Explain(Exception, string, string)"/>, with Net-SNMP's words for a (D)TLS agent whose certificate did not verify.</summary>
    public static ToolException? Explain(Exception e, string program, AgentSession session) =>
        session.Tls is { } tls && e is SnmpTransportException transport && tls.Explain(transport, program, session.Peer, session.Host) is { } text
            ? new ToolException(text)
            : Explain(e, program, session.Peer);

    /// <summary>A failure that ends the command; null when it is not one this tool explains.</summary>
    public static ToolException? Explain(Exception e, string program, string peer) => e switch
    {
        SnmpTimeoutException timeout when UnauthenticatedReport(timeout) is { } report => new ToolException($"{program}: {ReportText(report)}"),
        SnmpTimeoutException => new ToolException($"Timeout: No Response from {peer}."),
        SnmpReportException report => new ToolException($"{program}: {ReportText(report)}"),
        SnmpConfigurationException config => new ToolException($"{program}: {config.Message}"),
        // A TCP agent that refuses the connection: Net-SNMP fails to open its session.
        SnmpTransportException { InnerException: System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } } =>
            new ToolException($"{program}: Unknown host ({peer}) (Connection refused)"),
        SnmpTransportException transport => new ToolException($"{program}: {transport.Message}"),
        _ => null,
    };

    private static readonly string[] UsmStatsInstances = [.. Enumerable.Range(1, 6).Select(i => $"1.3.6.1.6.3.15.1.1.{i}.0")];

    // Net-SNMP ends a request on an unauthenticated USM Report at once; the library waits for an
    // authenticated answer (RFC 3414 3.2) and names the Report in the timeout's detail.
    private static string? UnauthenticatedReport(SnmpTimeoutException timeout) =>
        timeout.Detail is { } detail
            ? UsmStatsInstances.FirstOrDefault(oid => detail.Contains(SnmpReportException.Describe(ObjectIdentifier.Parse(oid)), StringComparison.Ordinal))
            : null;

    private static string ReportText(SnmpReportException report) => ReportText(report.ReportOid?.ToString()) ?? report.Message;

    private static string? ReportText(string? reportOid) => reportOid switch
    {
        "1.3.6.1.6.3.15.1.1.1.0" => "Unsupported security level",
        "1.3.6.1.6.3.15.1.1.2.0" => "Not in time window",
        "1.3.6.1.6.3.15.1.1.3.0" => "Unknown user name",
        "1.3.6.1.6.3.15.1.1.4.0" => "Unknown engine ID",
        "1.3.6.1.6.3.15.1.1.5.0" => "Authentication failure (incorrect password, community or key)",
        "1.3.6.1.6.3.15.1.1.6.0" => "Decryption error",
        // What snmpget 5.9.3 says for snmpUnknownPDUHandlers (a contextEngineID the agent does not serve, -E).
        "1.3.6.1.6.3.11.2.1.3.0" => "Bad version specified",
        _ => null,
    };

    /// <summary>
    /// "Error in packet" and the reason for an error-status, as snmpget (no period, the RFC 1157
    /// statuses in parentheses) or snmpset ("Error in packet." and the RFC 3416 names) print it.
    /// </summary>
    public static string ErrorInPacket(SnmpErrorResponseException error, VarBindPrinter printer, bool setStyle)
    {
        var sb = new System.Text.StringBuilder(setStyle ? "Error in packet.\n" : "Error in packet\n");
        sb.Append("Reason: ").Append(ErrorStatusText((int)error.ErrorStatus)).Append('\n');
        if (error.ErrorIndex > 0 && error.ErrorIndex <= error.VarBinds.Count)
        {
            sb.Append("Failed object: ").Append(printer.FormatName(error.VarBinds[error.ErrorIndex - 1].Oid)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Net-SNMP's text for each error-status of RFC 3416 section 3.</summary>
    public static string ErrorStatusText(int status) => status switch
    {
        0 => "(noError) No Error",
        1 => "(tooBig) Response message would have been too large.",
        2 => "(noSuchName) There is no such variable name in this MIB.",
        3 => "(badValue) The value given has the wrong type or length.",
        4 => "(readOnly) The two parties used do not have access to use the specified SNMP PDU.",
        5 => "(genError) A general failure occured",
        6 => "noAccess",
        7 => "wrongType (The set datatype does not match the data type the agent expects)",
        8 => "wrongLength (The set value has an illegal length from what the agent expects)",
        9 => "wrongEncoding",
        10 => "wrongValue (The set value is illegal or unsupported in some way)",
        11 => "noCreation (That table does not support row creation or that object can not ever be created)",
        12 => "inconsistentValue (The set value is illegal or unsupported in some way)",
        13 => "resourceUnavailable (This is likely a out-of-memory failure within the agent)",
        14 => "commitFailed",
        15 => "undoFailed",
        16 => "authorizationError (access denied to that object)",
        17 => "notWritable (That object does not support modification)",
        18 => "inconsistentName (That object can not currently be created)",
        _ => string.Create(CultureInfo.InvariantCulture, $"Unknown Error {status}"),
    };
}
