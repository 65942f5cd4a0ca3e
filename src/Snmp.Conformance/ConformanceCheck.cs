namespace Snmp.Conformance;

/// <summary>How strongly the RFC states what a check tests (RFC 2119 words).</summary>
public enum CheckLevel
{
    /// <summary>MUST (or the procedure text's "is"/"are" that leaves no choice): a failure fails the run.</summary>
    Must,

    /// <summary>SHOULD: a failure fails the run only with <c>--strict</c>.</summary>
    Should,

    /// <summary>Informational: reported, never fails the run.</summary>
    Info,
}

/// <summary>What a check found.</summary>
public enum CheckOutcome
{
    /// <summary>The agent did what the requirement says.</summary>
    Pass,

    /// <summary>The agent did not.</summary>
    Fail,

    /// <summary>Not run: a prerequisite is missing, or the agent gave nothing to test it on.</summary>
    Skip,
}

/// <summary>What a check needs beyond an agent and a read community.</summary>
[Flags]
public enum CheckPrerequisites
{
    /// <summary>Only a read community (or nothing at all, for SNMPv3 discovery).</summary>
    None = 0,

    /// <summary>A read community (SNMPv1/v2c).</summary>
    ReadCommunity = 1,

    /// <summary>A community that may write <see cref="ConformanceTarget.WritableObjects"/>.</summary>
    WriteCommunity = 2,

    /// <summary>An SNMPv3 USM user with authentication.</summary>
    AuthUser = 4,

    /// <summary>An SNMPv3 USM user with authentication and privacy.</summary>
    PrivUser = 8,

    /// <summary>An SNMPv3 user limited to noAuthNoPriv (<see cref="ConformanceTarget.NoAuthUser"/>).</summary>
    NoAuthUser = 16,

    /// <summary>A community whose view is one subtree (<see cref="ConformanceTarget.RestrictedCommunity"/>).</summary>
    RestrictedCommunity = 32,

    /// <summary>A table with an RFC 2579 RowStatus column where a scratch row may be made (<see cref="ConformanceTarget.RowStatusColumn"/>).</summary>
    RowStatusTable = 64,
}

/// <summary>
/// One requirement of one RFC, checked over the wire: its identifier (<c>rfc3416/4.2.3/1</c>:
/// RFC, section, number), the RFC's sentence, its level, what it needs, what it sends and what
/// it expects back.
/// </summary>
public sealed class ConformanceCheck
{
    internal ConformanceCheck(string id, CheckLevel level, CheckPrerequisites prerequisites, string requirement, string sends, string expects, Func<CheckContext, Task<CheckVerdict>> run)
    {
        Id = id;
        Level = level;
        Prerequisites = prerequisites;
        Requirement = requirement;
        Sends = sends;
        Expects = expects;
        Run = run;
    }

    /// <summary>RFC, section and number: <c>rfc3416/4.2.1/3</c>.</summary>
    public string Id { get; }

    /// <summary>The group the check belongs to: the RFC part of <see cref="Id"/> (<c>rfc3416</c>).</summary>
    public string Group => Id[..Id.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The RFC section the check tests: the middle part of <see cref="Id"/> (<c>4.2.1</c>; <c>RowStatus</c> for RFC 2579's textual convention).</summary>
    public string Section => Id.Split('/')[1];

    /// <summary>MUST, SHOULD or informational.</summary>
    public CheckLevel Level { get; }

    /// <summary>What the check needs; it is skipped when the target lacks any of it.</summary>
    public CheckPrerequisites Prerequisites { get; }

    /// <summary>The RFC's sentences the check tests, quoted exactly (an ellipsis marks what is left out) with the section each comes from; where no RFC says it, the text says so.</summary>
    public string Requirement { get; }

    /// <summary>What the check sends.</summary>
    public string Sends { get; }

    /// <summary>What it expects back.</summary>
    public string Expects { get; }

    internal Func<CheckContext, Task<CheckVerdict>> Run { get; }

    /// <inheritdoc/>
    public override string ToString() => Id;
}

/// <summary>What a check's body concludes; the runner adds the check and timing.</summary>
internal sealed record CheckVerdict(CheckOutcome Outcome, string? Reason = null, string? Expected = null, string? Actual = null, byte[]? Evidence = null)
{
    public static CheckVerdict Pass(string? note = null) => new(CheckOutcome.Pass, note);

    public static CheckVerdict Skip(string reason) => new(CheckOutcome.Skip, reason);

    public static CheckVerdict Fail(string expected, string actual, byte[]? evidence = null) => new(CheckOutcome.Fail, null, expected, actual, evidence);
}

/// <summary>A check's body found the agent wanting; thrown from helpers deep in a check.</summary>
internal sealed class CheckFailedException(string expected, string actual, byte[]? evidence = null) : Exception(actual)
{
    public string Expected { get; } = expected;

    public string Actual { get; } = actual;

    public byte[]? Evidence { get; } = evidence;
}

/// <summary>A check cannot run on this agent (no Counter64 object in view, say); thrown from helpers.</summary>
internal sealed class CheckSkippedException(string reason) : Exception(reason);
