using System.Text;

namespace Snmp;

/// <summary>
/// The names under which every SNMP engine (an <c>Engine</c>, an <c>Agent</c>, a
/// <c>TrapReceiver</c>) publishes its metrics (<see cref="System.Diagnostics.Metrics"/>) and
/// traces (<see cref="System.Diagnostics.ActivitySource"/>): one Meter named
/// <see cref="MeterName"/> per engine, tagged with <see cref="EngineIdTag"/> and
/// <see cref="EngineKindTag"/>, and one ActivitySource named <see cref="ActivitySourceName"/>
/// with the same tags. Listen with OpenTelemetry (<c>AddMeter("Snmp")</c>, <c>AddSource("Snmp")</c>),
/// <c>dotnet-counters</c> or a <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// </summary>
/// <remarks>
/// No tag ever carries a community, a user's password or key, or a variable's value: a request
/// is described by its PDU type, version, security model and level, request-id, address and
/// outcome only (a community-based request's securityName is its community, so no securityName).
/// </remarks>
public static class SnmpTelemetry
{
    /// <summary>The name of every engine's <see cref="System.Diagnostics.Metrics.Meter"/>: "Snmp".</summary>
    public const string MeterName = "Snmp";

    /// <summary>The name of every engine's <see cref="System.Diagnostics.ActivitySource"/>: "Snmp".</summary>
    public const string ActivitySourceName = "Snmp";

    /// <summary>The Meter's and ActivitySource's tag naming the engine: its snmpEngineID in hexadecimal.</summary>
    public const string EngineIdTag = "snmp.engine.id";

    /// <summary>The Meter's and ActivitySource's tag naming the kind of engine: "engine" (a manager's), "agent" or "trap_receiver".</summary>
    public const string EngineKindTag = "snmp.engine.kind";

    /// <summary>A request's PDU type, as <see cref="PduType"/> names it ("GetRequest", "InformRequest", ...).</summary>
    public const string PduTypeTag = "snmp.pdu.type";

    /// <summary>A request's SNMP version, as <see cref="SnmpVersion"/> names it ("SNMPv1", "SNMPv2c", "SNMPv3").</summary>
    public const string VersionTag = "snmp.version";

    /// <summary>A request's security model ("SNMPv2c", "USM", "TSM", "securityModel 25599745").</summary>
    public const string SecurityModelTag = "snmp.security.model";

    /// <summary>A request's security level ("noAuthNoPriv", "authNoPriv", "authPriv").</summary>
    public const string SecurityLevelTag = "snmp.security.level";

    /// <summary>A request's request-id (spans only).</summary>
    public const string RequestIdTag = "snmp.request.id";

    /// <summary>How a request ended: <see cref="OutcomeSuccess"/>, <see cref="OutcomeTimeout"/>, <see cref="OutcomeErrorStatus"/>, ...</summary>
    public const string OutcomeTag = "snmp.outcome";

    /// <summary>A Response's non-zero error-status, as RFC 3416 names it ("noSuchName", "authorizationError", ...).</summary>
    public const string ErrorStatusTag = "snmp.error.status";

    /// <summary>The counter a Report-PDU carried, by its MIB name ("usmStatsUnknownEngineIDs", ...).</summary>
    public const string ReportCounterTag = "snmp.report.counter";

    /// <summary>How many times a request was sent again (spans only; the histogram counts them per request).</summary>
    public const string RetransmissionsTag = "snmp.retransmissions";

    /// <summary>Why a message was dropped: the name of the counter it was counted in ("snmpInASNParseErrs", "usmStatsWrongDigests", "internalErrors", ...).</summary>
    public const string DropCauseTag = "snmp.drop.cause";

    /// <summary>A counter a module counted by instance OID without declaring it: the OID.</summary>
    public const string CounterInstanceTag = "snmp.counter.instance";

    /// <summary>A transport mapping's domain, as <c>TransportDomain.Name</c> gives it ("snmpUDPDomain", "transportDomainTcpIpv4", ...).</summary>
    public const string TransportDomainTag = "snmp.transport.domain";

    /// <summary>A transport mapping's local address (OpenTelemetry's network.local.address).</summary>
    public const string LocalAddressTag = "network.local.address";

    /// <summary><see cref="OutcomeTag"/>: a Response with error-status noError (for a responder: a Response sent).</summary>
    public const string OutcomeSuccess = "success";

    /// <summary><see cref="OutcomeTag"/>: no Response within the request's timeout.</summary>
    public const string OutcomeTimeout = "timeout";

    /// <summary><see cref="OutcomeTag"/>: a Response with a non-zero error-status (see <see cref="ErrorStatusTag"/>).</summary>
    public const string OutcomeErrorStatus = "error_status";

    /// <summary><see cref="OutcomeTag"/>: a Report-PDU instead of a Response (see <see cref="ReportCounterTag"/>).</summary>
    public const string OutcomeReport = "report";

    /// <summary><see cref="OutcomeTag"/>: the caller cancelled the request.</summary>
    public const string OutcomeCancelled = "cancelled";

    /// <summary><see cref="OutcomeTag"/>: the request failed otherwise (the engine shut down, the transport failed, ...).</summary>
    public const string OutcomeError = "error";

    /// <summary><see cref="OutcomeTag"/> of a served request: dropped without an answer (an unknown context over SNMPv1/v2c, a response that would not fit).</summary>
    public const string OutcomeDropped = "dropped";

    // The MIB groups whose descriptors share a prefix, as their RFCs name them, longest first:
    // the prefix becomes the instrument's namespace.
    private static readonly (string Prefix, string Namespace)[] Groups =
    [
        ("snmpTlstmSession", "snmp.tlstm.session."), // SNMP-TLS-TM-MIB snmpTlstmSession* (RFC 6353)
        ("snmpTlstm", "snmp.tlstm."),
        ("snmpTsm", "snmp.tsm."), // SNMP-TSM-MIB snmpTsmStats (RFC 5591)
        ("usmStats", "snmp.usm.stats."), // SNMP-USER-BASED-SM-MIB usmStats (RFC 3414)
        ("snmp", "snmp."), // SNMPv2-MIB snmp group, SNMP-MPD-MIB, SNMP-TARGET-MIB (RFC 3418, 3412, 3413)
    ];

    /// <summary>
    /// The instrument name of a MIB counter, from its descriptor: "snmp.", then the descriptor's MIB
    /// group as a namespace (usmStats -> "usm.stats.", snmpTsm -> "tsm.", snmpTlstmSession ->
    /// "tlstm.session.", the snmp group's "snmp" -> nothing), then the rest of the descriptor in
    /// lower case with its words joined by "_" (an acronym is one word): usmStatsWrongDigests ->
    /// "snmp.usm.stats.wrong_digests", snmpInASNParseErrs -> "snmp.in_asn_parse_errs",
    /// snmpTsmInvalidCaches -> "snmp.tsm.invalid_caches". A descriptor of no known group is all
    /// words: tokenRefusals -> "snmp.token_refusals".
    /// </summary>
    /// <param name="mibDescriptor">The MIB object's descriptor (its name), for example "usmStatsWrongDigests".</param>
    /// <exception cref="ArgumentException">The descriptor is empty.</exception>
    public static string InstrumentName(string mibDescriptor)
    {
        ArgumentException.ThrowIfNullOrEmpty(mibDescriptor);
        foreach (var (prefix, ns) in Groups)
        {
            if (mibDescriptor.Length > prefix.Length && mibDescriptor.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(mibDescriptor[prefix.Length]))
            {
                return ns + SnakeCase(mibDescriptor.AsSpan(prefix.Length));
            }
        }

        return "snmp." + SnakeCase(mibDescriptor);
    }

    /// <summary>"InASNParseErrs" -> "in_asn_parse_errs": words start at an upper-case letter after a lower-case one or a digit, and at the last capital of an acronym followed by a lower-case letter ("ASNParse"); "IDs" stays one word.</summary>
    private static string SnakeCase(ReadOnlySpan<char> words)
    {
        var text = new StringBuilder(words.Length + 8);
        for (int i = 0; i < words.Length; i++)
        {
            char c = words[i];
            if (i > 0 && char.IsUpper(c))
            {
                char before = words[i - 1];
                bool afterWord = char.IsLower(before) || char.IsDigit(before);
                // "ASNParse": the P starts a word; "IDs": the final s is a plural, not a word.
                bool endsAcronym = char.IsUpper(before) && i + 1 < words.Length && char.IsLower(words[i + 1]) && !(words[i + 1] == 's' && i + 2 == words.Length);
                if (afterWord || endsAcronym)
                {
                    text.Append('_');
                }
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
