namespace Snmp.AgentX;

/// <summary>
/// res.error of an AgentX Response-PDU (RFC 2741 section 6.2.16): the AgentX errors from 256
/// up; values 1 to 18 are the SNMP error-status values (RFC 3416) a subagent returns for
/// TestSet, CommitSet, UndoSet and for Get-type requests (genErr).
/// </summary>
public enum AgentXError : ushort
{
    /// <summary>noAgentXError: success.</summary>
    NoAgentXError = 0,

    /// <summary>openFailed: the master refused the session.</summary>
    OpenFailed = 256,

    /// <summary>notOpen: the session id is not an open session.</summary>
    NotOpen = 257,

    /// <summary>indexWrongType: the index value's type differs from the one allocated before.</summary>
    IndexWrongType = 258,

    /// <summary>indexAlreadyAllocated: the index value is allocated.</summary>
    IndexAlreadyAllocated = 259,

    /// <summary>indexNoneAvailable: no index value can be allocated.</summary>
    IndexNoneAvailable = 260,

    /// <summary>indexNotAllocated: the index value to release was not allocated to this session.</summary>
    IndexNotAllocated = 261,

    /// <summary>unsupportedContext: the master does not serve the context.</summary>
    UnsupportedContext = 262,

    /// <summary>duplicateRegistration: the same subtree, context and priority is already registered (RFC 2741 7.1.5.1).</summary>
    DuplicateRegistration = 263,

    /// <summary>unknownRegistration: nothing to unregister.</summary>
    UnknownRegistration = 264,

    /// <summary>unknownAgentCaps: no such agent capabilities to remove.</summary>
    UnknownAgentCaps = 265,

    /// <summary>parseError: the PDU could not be parsed.</summary>
    ParseError = 266,

    /// <summary>requestDenied: the master would not do it.</summary>
    RequestDenied = 267,

    /// <summary>processingError: the master could not do it.</summary>
    ProcessingError = 268,
}
