using System.Diagnostics;
using Snmp.Conformance.Checks;

namespace Snmp.Conformance;

/// <summary>What one check found on one agent.</summary>
public sealed class CheckResult
{
    internal CheckResult(ConformanceCheck check, CheckOutcome outcome, string? reason, string? expected, string? actual, byte[]? evidence, TimeSpan elapsed)
    {
        Check = check;
        Outcome = outcome;
        Reason = reason;
        Expected = expected;
        Actual = actual;
        Evidence = evidence;
        Elapsed = elapsed;
    }

    /// <summary>The check.</summary>
    public ConformanceCheck Check { get; }

    /// <summary>Pass, fail or skip.</summary>
    public CheckOutcome Outcome { get; }

    /// <summary>Why it was skipped, or a note on a pass.</summary>
    public string? Reason { get; }

    /// <summary>On a failure: what the requirement asks for.</summary>
    public string? Expected { get; }

    /// <summary>On a failure: what the agent did.</summary>
    public string? Actual { get; }

    /// <summary>On a failure: the octets of the offending message (the reply, or the request when there was none).</summary>
    public byte[]? Evidence { get; }

    /// <summary>How long the check took.</summary>
    public TimeSpan Elapsed { get; }
}

/// <summary>
/// Every check, and running them against one agent. Checks run one after another (some change
/// and restore the agent's objects, and silence is judged by the order of answers), sharing what discovery and
/// the walk learnt.
/// </summary>
public static class ConformanceSuite
{
    private static readonly Lazy<IReadOnlyList<ConformanceCheck>> AllChecks = new(() =>
    {
        var checks = Rfc3416Checks.All().Concat(Rfc2579Checks.All()).Concat(Rfc3414Checks.All()).Concat(Rfc3584Checks.All()).Concat(Rfc3417Checks.All()).ToArray();
        var duplicate = checks.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? checks : throw new InvalidOperationException($"Two checks have the id {duplicate.Key}.");
    });

    /// <summary>Every check, in the order a run takes them.</summary>
    public static IReadOnlyList<ConformanceCheck> Checks => AllChecks.Value;

    /// <summary>The checks whose id starts with one of <paramref name="prefixes"/> (all when none is given).</summary>
    public static IReadOnlyList<ConformanceCheck> Select(IEnumerable<string>? prefixes)
    {
        var list = prefixes?.Where(p => p.Length > 0).ToArray() ?? [];
        return list.Length == 0 ? Checks : Checks.Where(c => list.Any(p => c.Id.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToArray();
    }

    /// <summary>
    /// Runs <paramref name="checks"/> (all of them when null) against <paramref name="target"/>.
    /// <paramref name="progress"/> hears each result as it comes.
    /// </summary>
    /// <exception cref="TimeoutException">The agent answers nothing at all (a GetRequest with the read community, or SNMPv3 discovery).</exception>
    public static async Task<ConformanceReport> RunAsync(ConformanceTarget target, IReadOnlyList<ConformanceCheck>? checks = null, Action<CheckResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var context = new CheckContext(target, cancellationToken);
        if (!await context.IsAliveAsync().ConfigureAwait(false))
        {
            throw new TimeoutException(target.ReadCommunity is null
                ? $"The agent at {target.Agent} did not answer SNMPv3 discovery within {target.ResponseTimeout.TotalSeconds} s."
                : $"The agent at {target.Agent} did not answer a GetRequest for sysUpTime.0 with community \"{target.ReadCommunity}\" within {target.ResponseTimeout.TotalSeconds} s (twice).");
        }

        var started = Stopwatch.GetTimestamp();
        var results = new List<CheckResult>();
        foreach (var check in checks ?? Checks)
        {
            var result = await RunOneAsync(context, check).ConfigureAwait(false);
            results.Add(result);
            progress?.Invoke(result);
        }

        return new ConformanceReport(target.Agent.ToString(), results, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<CheckResult> RunOneAsync(CheckContext context, ConformanceCheck check)
    {
        var started = Stopwatch.GetTimestamp();
        if (!context.Target.Has(check.Prerequisites))
        {
            var missing = Enum.GetValues<CheckPrerequisites>().Where(p => p != CheckPrerequisites.None && check.Prerequisites.HasFlag(p) && !context.Target.Has(p))
                .Aggregate(CheckPrerequisites.None, (a, b) => a | b);
            return new CheckResult(check, CheckOutcome.Skip, "needs " + ConformanceTarget.Describe(missing), null, null, null, TimeSpan.Zero);
        }

        CheckVerdict verdict;
        try
        {
            verdict = await check.Run(context).ConfigureAwait(false);
        }
        catch (CheckFailedException e)
        {
            verdict = new CheckVerdict(CheckOutcome.Fail, null, e.Expected, e.Actual, e.Evidence);
        }
        catch (CheckSkippedException e)
        {
            verdict = CheckVerdict.Skip(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A fault of the checker (or of the network under it) is no verdict on the agent: the
            // check is skipped, saying why, and the run goes on.
            verdict = CheckVerdict.Skip($"the checker could not complete it ({e.GetType().Name}: {e.Message})");
        }

        return new CheckResult(check, verdict.Outcome, verdict.Reason, verdict.Expected, verdict.Actual, verdict.Evidence, Stopwatch.GetElapsedTime(started));
    }
}
