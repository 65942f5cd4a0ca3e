namespace Snmp.Core.Tests.Ber;

/// <summary>The Net-SNMP wire captures of tests/fixtures/netsnmp (see its README).</summary>
public static class NetSnmpFixtures
{
    public static string Directory => Path.Combine(TestContext.CurrentContext.TestDirectory, "fixtures", "netsnmp");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "netsnmp"), "*.hex")
            .Select(Path.GetFileNameWithoutExtension)
            .OrderBy(n => n, StringComparer.Ordinal)!;

    public static byte[] Bytes(string name) =>
        Convert.FromHexString(string.Concat(File.ReadAllLines(Path.Combine(Directory, name + ".hex")).Select(l => l.Trim())));

    public static IReadOnlyList<(string Key, string Value)> Expectations(string name) =>
        File.ReadAllLines(Path.Combine(Directory, name + ".expect"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                int colon = l.IndexOf(':');
                return (l[..colon], l[(colon + 1)..].Trim());
            })
            .ToList();
}
