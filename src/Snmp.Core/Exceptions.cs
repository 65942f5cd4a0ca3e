using System.Net;
using Snmp.AbstractServices;
using Snmp.Pdus;

namespace Snmp;

/// <summary>No response arrived before the request's timeout (after every retransmission).</summary>
public class SnmpTimeoutException : SnmpException
{
    /// <summary>Creates a timeout exception.</summary>
    public SnmpTimeoutException(EndPoint? peer, TimeSpan timeout, int transmissions, string? detail = null)
        : base($"No response from {peer?.ToString() ?? "the agent"} within {timeout.TotalSeconds:0.###} s ({transmissions} transmission{(transmissions == 1 ? "" : "s")}){(detail is null ? "." : ": " + detail)}")
    {
        Peer = peer;
        Timeout = timeout;
        Transmissions = transmissions;
        Detail = detail;
    }

    /// <summary>What is known of why nothing answered (a Report that could not end the request, a refused clock), or null.</summary>
    public string? Detail { get; }

    /// <summary>The agent that did not answer.</summary>
    public EndPoint? Peer { get; }

    /// <summary>The request's timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many times the request was sent.</summary>
    public int Transmissions { get; }
}

/// <summary>
/// The agent answered with a non-zero error-status (RFC 3416 section 4.2). <see cref="ErrorIndex"/>
/// is the 1-based position of the varbind at fault, or 0.
/// </summary>
public class SnmpErrorResponseException : SnmpException
{
    /// <summary>Creates an error-response exception from a Response-PDU.</summary>
    public SnmpErrorResponseException(ErrorStatus errorStatus, int errorIndex, VarBindList varBinds)
        : base(Describe(errorStatus, errorIndex, varBinds))
    {
        ErrorStatus = errorStatus;
        ErrorIndex = errorIndex;
        VarBinds = varBinds;
    }

    /// <summary>error-status.</summary>
    public ErrorStatus ErrorStatus { get; }

    /// <summary>error-index (1-based; 0 when no varbind is singled out).</summary>
    public int ErrorIndex { get; }

    /// <summary>The varbinds of the response.</summary>
    public VarBindList VarBinds { get; }

    /// <summary>The varbind error-index points at, if it points inside the list.</summary>
    public VarBind? FailedVarBind => ErrorIndex >= 1 && ErrorIndex <= VarBinds.Count ? VarBinds[ErrorIndex - 1] : null;

    private static string Describe(ErrorStatus status, int index, VarBindList varBinds)
    {
        string name = Enum.IsDefined(status) ? status.ToString() : $"error-status {(int)status}";
        return index >= 1 && index <= varBinds.Count
            ? $"The agent answered {name} for varbind {index} ({varBinds[index - 1].Oid})."
            : $"The agent answered {name} (error-index {index}).";
    }
}

/// <summary>An SNMPv1 agent answered noSuchName (RFC 1157 section 4.1.2): the object at <see cref="SnmpErrorResponseException.ErrorIndex"/> does not exist.</summary>
public class SnmpNoSuchNameException : SnmpErrorResponseException
{
    /// <summary>Creates a noSuchName exception.</summary>
    public SnmpNoSuchNameException(int errorIndex, VarBindList varBinds)
        : base(ErrorStatus.NoSuchName, errorIndex, varBinds)
    {
    }
}

/// <summary>
/// The agent's Response does not answer the request as RFC 3416 section 4.2 requires (wrong
/// number of varbinds, other names than asked for, an empty GetBulk response or one with more
/// than N + M * R varbinds). The varbinds are kept, so nothing the agent sent is lost.
/// </summary>
public class SnmpImproperResponseException : SnmpException
{
    /// <summary>Creates an improper-response exception.</summary>
    public SnmpImproperResponseException(string reason, VarBindList varBinds)
        : base($"Improper response: {reason}")
    {
        VarBinds = varBinds;
    }

    /// <summary>The varbinds of the response, as received.</summary>
    public VarBindList VarBinds { get; }
}

/// <summary>A request cannot be made as configured (unknown user, unsupported algorithm, bad address, ...).</summary>
public class SnmpConfigurationException : SnmpException
{
    /// <summary>Creates a configuration exception.</summary>
    public SnmpConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates a configuration exception with its cause.</summary>
    public SnmpConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The agent answered with a Report-PDU (RFC 3412 section 7.2 step 13) at the request's security
/// level or above: it could not process the request for the reason the report's counter names
/// (for example usmStatsUnknownUserNames).
/// </summary>
public class SnmpReportException : SnmpException
{
    /// <summary>Creates the exception from the report's varbinds.</summary>
    public SnmpReportException(VarBindList varBinds)
        : base($"The agent reported {Describe(varBinds)}.")
    {
        VarBinds = varBinds;
        ReportOid = varBinds.Count > 0 ? varBinds[0].Oid : null;
    }

    /// <summary>The counter the report carries (its first varbind's name), if any.</summary>
    public ObjectIdentifier? ReportOid { get; }

    /// <summary>The report's varbinds.</summary>
    public VarBindList VarBinds { get; }

    /// <summary>What a report counter means, in words: "unknown user name (usmStatsUnknownUserNames)".</summary>
    public static string Describe(VarBindList varBinds)
    {
        ArgumentNullException.ThrowIfNull(varBinds);
        return varBinds.Count == 0 ? "an empty report" : Describe(varBinds[0].Oid);
    }

    /// <inheritdoc cref="Describe(VarBindList)" />
    public static string Describe(ObjectIdentifier reportOid)
    {
        ArgumentNullException.ThrowIfNull(reportOid);
        return SnmpCounterRegistry.Standard.Describe(reportOid);
    }
}

/// <summary>
/// An OID was given as a symbolic name that could not be resolved: no
/// <see cref="Snmp.IObjectNameResolver"/> is configured, or it does not know the name.
/// </summary>
public class SnmpUnknownNameException : SnmpException
{
    /// <summary>Creates the exception for <paramref name="name"/>.</summary>
    public SnmpUnknownNameException(string name, bool resolverConfigured)
        : base(resolverConfigured
            ? $"'{name}' is not a name the loaded MIB modules define, nor a numeric OID."
            : $"'{name}' is not a numeric OID, and no MIB modules are loaded to resolve names (set Mibs in the Engine's or Agent's options).")
    {
        Name = name;
    }

    /// <summary>The text that could not be resolved.</summary>
    public string Name { get; }
}
