using System.Net;
using Snmp.Conformance;

namespace Snmp.Interop.Tests.Conformance;

/// <summary>What the checker is given for each independent peer: the same credentials as for our own Agent.</summary>
internal static class ConformancePeers
{
    public const string Password = "conformance-pass-1";

    public static ConformanceTarget Target(IPEndPoint endpoint, AuthenticationProtocol auth, ObjectIdentifier? rowStatusColumn, ObjectIdentifier rowIndex) => new()
    {
        Agent = endpoint,
        ReadCommunity = "public",
        WriteCommunity = "private",
        RestrictedCommunity = "restricted",
        RestrictedSubtree = ObjectIdentifier.Parse("1.3.6.1.2.1.1"),
        UserName = "check-priv",
        AuthProtocol = auth,
        AuthPassphrase = Password,
        PrivProtocol = PrivacyProtocol.Aes128,
        PrivPassphrase = Password,
        NoAuthUser = "check-noauth",
        RowStatusColumn = rowStatusColumn,
        RowIndex = rowIndex,
        // Silence is judged by order (a probe after the datagram to be dropped), with no grace after the probe's answer.
        SilenceTimeout = TimeSpan.Zero,
        ResponseTimeout = TimeSpan.FromSeconds(1),
        MaxWalk = 20000,
    };

    /// <summary>Every result that differs from <paramref name="expected"/> (absent ids are expected to pass).</summary>
    public static IEnumerable<string> Differences(ConformanceReport report, IReadOnlyDictionary<string, CheckOutcome> expected) =>
        report.Results.Where(r => r.Outcome != expected.GetValueOrDefault(r.Check.Id, CheckOutcome.Pass))
            .Select(r => $"{r.Check.Id}: {r.Outcome}, expected {expected.GetValueOrDefault(r.Check.Id, CheckOutcome.Pass)} ({r.Reason}{r.Actual})");

    public static string Text(ConformanceReport report)
    {
        var text = new StringWriter();
        report.WriteText(text, strict: true);
        return text.ToString();
    }
}
