namespace Snmp.Testing;

/// <summary>
/// A Net-SNMP program's standard error, split into its notices and its complaints. Net-SNMP
/// writes both there: the first run of any tool on a machine (or with a fresh
/// SNMP_PERSISTENT_DIR) prints "Created directory: .../cert_indexes" before doing its job, which
/// is no error. Tests that read a peer's standard error look at <see cref="Complaints"/>.
/// </summary>
internal static class NetSnmpStandardError
{
    // Lines Net-SNMP prints while setting itself up, whatever the command (snmplib's mkdirhier
    // and the certificate index it keeps under the persistent directory).
    private static readonly string[] NoticePrefixes =
    [
        "Created directory: ",
    ];

    /// <summary>The lines of <paramref name="standardError"/> that are Net-SNMP's set-up notices.</summary>
    public static IReadOnlyList<string> Notices(string standardError) => Lines(standardError).Where(IsNotice).ToList();

    /// <summary>What <paramref name="standardError"/> says once the set-up notices are taken out: empty when the program had nothing to complain about.</summary>
    public static string Complaints(string standardError) =>
        string.Join('\n', Lines(standardError).Where(line => !IsNotice(line) && line.Trim().Length > 0));

    private static bool IsNotice(string line) => NoticePrefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal));

    private static IEnumerable<string> Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
