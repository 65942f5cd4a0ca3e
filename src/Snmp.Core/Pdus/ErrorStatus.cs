namespace Snmp;

/// <summary>
/// error-status values of RFC 3416 section 3 (0-5 are also SNMPv1's, RFC 1157 section 4.1.1).
/// A decoded PDU keeps whatever number the peer sent, even one outside this list.
/// </summary>
public enum ErrorStatus
{
    /// <summary>noError(0): the request was processed without error.</summary>
    NoError = 0,
    /// <summary>tooBig(1): the response would not fit in one message.</summary>
    TooBig = 1,
    /// <summary>noSuchName(2): SNMPv1's answer for a name the agent does not have (RFC 1157).</summary>
    NoSuchName = 2,
    /// <summary>badValue(3): SNMPv1's answer for a SetRequest value of the wrong type, length or value (RFC 1157).</summary>
    BadValue = 3,
    /// <summary>readOnly(4): defined since SNMPv1 (RFC 1157) but not sent by agents, which answer noSuchName (SNMPv1) or notWritable instead.</summary>
    ReadOnly = 4,
    /// <summary>genErr(5): any other error while processing the request.</summary>
    GenErr = 5,
    /// <summary>noAccess(6): the variable is not accessible to the request's securityName and context (RFC 3415).</summary>
    NoAccess = 6,
    /// <summary>wrongType(7): the value's type is not the one the variable requires.</summary>
    WrongType = 7,
    /// <summary>wrongLength(8): the value's length is not one the variable accepts.</summary>
    WrongLength = 8,
    /// <summary>wrongEncoding(9): the value's ASN.1 encoding is inconsistent with its type.</summary>
    WrongEncoding = 9,
    /// <summary>wrongValue(10): the value can never be assigned to the variable.</summary>
    WrongValue = 10,
    /// <summary>noCreation(11): the variable does not exist and cannot be created.</summary>
    NoCreation = 11,
    /// <summary>inconsistentValue(12): the value cannot be assigned to the variable at present.</summary>
    InconsistentValue = 12,
    /// <summary>resourceUnavailable(13): a resource needed to set the variable could not be obtained.</summary>
    ResourceUnavailable = 13,
    /// <summary>commitFailed(14): a Set failed in its commit phase and every assignment was undone.</summary>
    CommitFailed = 14,
    /// <summary>undoFailed(15): a Set failed and not every assignment could be undone.</summary>
    UndoFailed = 15,
    /// <summary>authorizationError(16): the request was not authorized.</summary>
    AuthorizationError = 16,
    /// <summary>notWritable(17): the variable exists but cannot be modified, nor created.</summary>
    NotWritable = 17,
    /// <summary>inconsistentName(18): the variable does not exist and cannot be created under that name at present.</summary>
    InconsistentName = 18,
}

/// <summary>generic-trap values of the SNMPv1 Trap-PDU (RFC 1157 section 4.1.6).</summary>
public enum GenericTrap
{
    /// <summary>coldStart(0): the sender is reinitializing and its configuration may change.</summary>
    ColdStart = 0,
    /// <summary>warmStart(1): the sender is reinitializing and its configuration does not change.</summary>
    WarmStart = 1,
    /// <summary>linkDown(2): one of the sender's communication links failed (the first variable-binding names the interface).</summary>
    LinkDown = 2,
    /// <summary>linkUp(3): one of the sender's communication links came up (the first variable-binding names the interface).</summary>
    LinkUp = 3,
    /// <summary>authenticationFailure(4): the sender received a message that failed authentication.</summary>
    AuthenticationFailure = 4,
    /// <summary>egpNeighborLoss(5): an EGP peer of the sender went down.</summary>
    EgpNeighborLoss = 5,
    /// <summary>enterpriseSpecific(6): an enterprise's own event, told by the enterprise field and specific-trap.</summary>
    EnterpriseSpecific = 6,
}
