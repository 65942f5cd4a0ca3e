namespace Snmp;

/// <summary>
/// error-status values of RFC 3416 section 3 (0-5 are also SNMPv1's, RFC 1157 section 4.1.1).
/// A decoded PDU keeps whatever number the peer sent, even one outside this list.
/// </summary>
public enum ErrorStatus
{
#pragma warning disable CS1591 // The names are the RFC's.
    NoError = 0,
    TooBig = 1,
    NoSuchName = 2,
    BadValue = 3,
    ReadOnly = 4,
    GenErr = 5,
    NoAccess = 6,
    WrongType = 7,
    WrongLength = 8,
    WrongEncoding = 9,
    WrongValue = 10,
    NoCreation = 11,
    InconsistentValue = 12,
    ResourceUnavailable = 13,
    CommitFailed = 14,
    UndoFailed = 15,
    AuthorizationError = 16,
    NotWritable = 17,
    InconsistentName = 18,
#pragma warning restore CS1591
}

/// <summary>generic-trap values of the SNMPv1 Trap-PDU (RFC 1157 section 4.1.6).</summary>
public enum GenericTrap
{
#pragma warning disable CS1591
    ColdStart = 0,
    WarmStart = 1,
    LinkDown = 2,
    LinkUp = 3,
    AuthenticationFailure = 4,
    EgpNeighborLoss = 5,
    EnterpriseSpecific = 6,
#pragma warning restore CS1591
}
