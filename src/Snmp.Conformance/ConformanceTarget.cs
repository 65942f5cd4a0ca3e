using System.Net;

namespace Snmp.Conformance;

/// <summary>
/// The agent under test and the credentials the checks may use. A check needing something not
/// given here is skipped, not failed. Every Set a check makes is undone before it ends.
/// </summary>
public sealed class ConformanceTarget
{
    /// <summary>The agent's UDP address.</summary>
    public required IPEndPoint Agent { get; init; }

    /// <summary>A community that reads the whole MIB (SNMPv1 and v2c); null skips the community checks.</summary>
    public string? ReadCommunity { get; init; } = "public";

    /// <summary>A community that may write <see cref="WritableObjects"/>; null skips the Set checks.</summary>
    public string? WriteCommunity { get; init; }

    /// <summary>
    /// Scalars the write community may set, each a DisplayString (SIZE 0..255) of the agent's own
    /// (sysContact.0, sysName.0, sysLocation.0 by default). Their values are put back after each check.
    /// </summary>
    public IReadOnlyList<ObjectIdentifier> WritableObjects { get; init; } =
        [ObjectIdentifier.Parse("1.3.6.1.2.1.1.4.0"), ObjectIdentifier.Parse("1.3.6.1.2.1.1.5.0"), ObjectIdentifier.Parse("1.3.6.1.2.1.1.6.0")];

    /// <summary>A read-only scalar (sysDescr.0 by default).</summary>
    public ObjectIdentifier ReadOnlyObject { get; init; } = ObjectIdentifier.Parse("1.3.6.1.2.1.1.1.0");

    /// <summary>An SNMPv3 USM user name; null skips the SNMPv3 checks that need a user.</summary>
    public string? UserName { get; init; }

    /// <summary>The user's authentication protocol (null: the user is noAuthNoPriv).</summary>
    public AuthenticationProtocol? AuthProtocol { get; init; }

    /// <summary>The user's authentication passphrase.</summary>
    public string? AuthPassphrase { get; init; }

    /// <summary>The user's privacy protocol (null: no privacy).</summary>
    public PrivacyProtocol? PrivProtocol { get; init; }

    /// <summary>The user's privacy passphrase.</summary>
    public string? PrivPassphrase { get; init; }

    /// <summary>A USM user configured for noAuthNoPriv only, for the unsupported-level check.</summary>
    public string? NoAuthUser { get; init; }

    /// <summary>A community whose view is exactly <see cref="RestrictedSubtree"/>.</summary>
    public string? RestrictedCommunity { get; init; }

    /// <summary>The one subtree <see cref="RestrictedCommunity"/> may read.</summary>
    public ObjectIdentifier? RestrictedSubtree { get; init; }

    /// <summary>
    /// The RowStatus column of a table where rows may be created (the column's OID, without an
    /// index: <c>1.3.6.1.4.1.8072.9999.9999.1.1.5</c>); null skips the RFC 2579 checks.
    /// </summary>
    public ObjectIdentifier? RowStatusColumn { get; init; }

    /// <summary>The index of the scratch row the RowStatus checks create and destroy (one sub-identifier or more).</summary>
    public ObjectIdentifier RowIndex { get; init; } = new(424242u);

    /// <summary>How long a check waits for an answer it expects.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Silence is judged by order, not by time: after a datagram the agent must drop, a check
    /// sends a request the agent must answer from the same socket, and an agent answers one
    /// socket's datagrams in order. This is how much longer a check listens after that answer,
    /// for an agent that answers out of order (zero by default: no wall-clock wait).
    /// </summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>The most GetNext steps the walk checks take.</summary>
    public int MaxWalk { get; init; } = 5000;

    /// <summary>Where the walks start (the whole MIB by default).</summary>
    public ObjectIdentifier WalkRoot { get; init; } = ObjectIdentifier.Parse("1.3.6.1");

    internal bool Has(CheckPrerequisites needs) =>
        (!needs.HasFlag(CheckPrerequisites.ReadCommunity) || ReadCommunity is not null)
        && (!needs.HasFlag(CheckPrerequisites.WriteCommunity) || (WriteCommunity is not null && WritableObjects.Count > 0))
        && (!needs.HasFlag(CheckPrerequisites.AuthUser) || (UserName is not null && AuthProtocol is not null && AuthPassphrase is not null))
        && (!needs.HasFlag(CheckPrerequisites.PrivUser) || (UserName is not null && AuthProtocol is not null && PrivProtocol is not null && PrivPassphrase is not null))
        && (!needs.HasFlag(CheckPrerequisites.NoAuthUser) || NoAuthUser is not null)
        && (!needs.HasFlag(CheckPrerequisites.RestrictedCommunity) || (RestrictedCommunity is not null && RestrictedSubtree is not null))
        && (!needs.HasFlag(CheckPrerequisites.RowStatusTable) || (RowStatusColumn is not null && WriteCommunity is not null));

    internal static string Describe(CheckPrerequisites missing) => string.Join(", ", Enum.GetValues<CheckPrerequisites>()
        .Where(p => p != CheckPrerequisites.None && missing.HasFlag(p))
        .Select(p => p switch
        {
            CheckPrerequisites.ReadCommunity => "a read community (-c)",
            CheckPrerequisites.WriteCommunity => "a write community (--write-community)",
            CheckPrerequisites.AuthUser => "an SNMPv3 user with authentication (-u, -a, -A)",
            CheckPrerequisites.PrivUser => "an SNMPv3 user with privacy (-u, -a, -A, -x, -X)",
            CheckPrerequisites.NoAuthUser => "a noAuthNoPriv-only user (--noauth-user)",
            CheckPrerequisites.RestrictedCommunity => "a restricted community (--restricted=COMMUNITY:SUBTREE)",
            CheckPrerequisites.RowStatusTable => "a RowStatus column and a write community (--row-status=OID)",
            _ => p.ToString(),
        }));
}
