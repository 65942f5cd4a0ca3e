using Snmp.Tool.Cli;
using Snmp.Tool.Output;

namespace Snmp.Tool.Tests.Cli;

public class CommonOptionsTests
{
    private static CommonOptions Parse(params string[] args) => CommonOptions.Parse(args, "snmpget");

    [TestCase("1", SnmpVersion.SNMPv1)]
    [TestCase("2c", SnmpVersion.SNMPv2c)]
    [TestCase("2", SnmpVersion.SNMPv2c)]
    [TestCase("3", SnmpVersion.SNMPv3)]
    public void Versions(string text, SnmpVersion version) => Assert.That(Parse("-v" + text).Version, Is.EqualTo(version));

    [Test]
    public void The_default_version_is_3_and_the_default_timing_one_second_and_five_retries()
    {
        var options = Parse();
        Assert.That(options.Version, Is.EqualTo(SnmpVersion.SNMPv3));
        Assert.That(options.TotalTimeout, Is.EqualTo(TimeSpan.FromSeconds(6)));
        Assert.That(options.RefreshPeriod, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void Timeout_and_retries_give_the_total_and_the_retransmission_period()
    {
        var options = Parse("-t", "0.5", "-r", "3");
        Assert.That(options.TotalTimeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(options.RefreshPeriod, Is.EqualTo(TimeSpan.FromSeconds(0.5)));
    }

    [TestCase(new[] { "-v4" }, "Invalid version specified after -v flag: 4")]
    [TestCase(new[] { "-t", "abc" }, "Invalid timeout in seconds after -t flag.")]
    [TestCase(new[] { "-t", "0" }, "Invalid timeout in seconds after -t flag.")]
    [TestCase(new[] { "-r", "x" }, "Invalid number of retries after -r flag.")]
    [TestCase(new[] { "-l", "bogus" }, "Invalid security level specified after -3l flag: bogus")]
    [TestCase(new[] { "-a", "FOO" }, "Invalid authentication protocol specified after -3a flag: FOO")]
    [TestCase(new[] { "-x", "ROT13" }, "Invalid privacy protocol specified after -3x flag: ROT13")]
    [TestCase(new[] { "-Oz" }, "Unknown output option passed to -O: z.")]
    [TestCase(new[] { "-e", "0xABC" }, "Bad engine ID value after -3e flag.")]
    [TestCase(new[] { "--bogus" }, "snmpget: unrecognized option '--bogus'")]
    public void Bad_values_are_refused_in_Net_SNMPs_words_with_the_usage(string[] args, string message)
    {
        var e = Assert.Throws<ToolException>(() => Parse(args));
        Assert.That(e!.Message, Is.EqualTo(message));
        Assert.That(e.ShowUsage, Is.True);
    }

    [TestCase("noAuthNoPriv", SecurityLevel.NoAuthNoPriv)]
    [TestCase("anp", SecurityLevel.AuthNoPriv)]
    [TestCase("authPriv", SecurityLevel.AuthPriv)]
    [TestCase("3", SecurityLevel.AuthPriv)]
    public void Security_levels(string text, SecurityLevel level) => Assert.That(Parse("-l", text).SecurityLevel, Is.EqualTo(level));

    [TestCase("MD5", "HMAC-MD5-96")]
    [TestCase("SHA", "HMAC-SHA-96")]
    [TestCase("sha-256", "HMAC-192-SHA-256")]
    [TestCase("SHA-512", "HMAC-384-SHA-512")]
    public void Authentication_protocols_by_Net_SNMPs_names(string name, string protocol) =>
        Assert.That(Parse("-a", name).AuthProtocol!.ToString(), Is.EqualTo(protocol));

    [TestCase("DES", "DES")]
    [TestCase("AES", "AES")]
    [TestCase("AES-256", "AES-256")]
    [TestCase("AES256C", "AES-256C")]
    public void Privacy_protocols_by_Net_SNMPs_names(string name, string protocol) =>
        Assert.That(Parse("-x", name).PrivProtocol!.ToString(), Is.EqualTo(protocol));

    [Test]
    public void Output_letters_accumulate_across_words()
    {
        var options = Parse("-Oqv", "-On", "-Oe");
        Assert.That(options.Output.Quick && options.Output.ValueOnly && options.Output.NumericEnums, Is.True);
        Assert.That(options.Output.OidStyle, Is.EqualTo(OidStyle.Numeric));
        Assert.That(options.Output.QuickEquals, Is.False);
    }

    [Test]
    public void Engine_ids_are_hex_with_or_without_0x()
    {
        Assert.That(Parse("-e", "0x8000000001").SecurityEngineId!.ToArray(), Is.EqualTo(new byte[] { 0x80, 0, 0, 0, 1 }));
        Assert.That(Parse("-E", "80000000").ContextEngineId!.ToArray(), Is.EqualTo(new byte[] { 0x80, 0, 0, 0 }));
    }

    [Test]
    public void Application_and_json_options_are_kept_for_the_command()
    {
        var options = Parse("-Cr10", "-Cn1", "--json", "host");
        Assert.That(options.ApplicationOptions, Is.EqualTo(new[] { "r10", "n1" }));
        Assert.That(options.Json, Is.True);
        Assert.That(options.Operands, Is.EqualTo(new[] { "host" }));
    }

    [TestCase("127.0.0.1", "127.0.0.1:161")]
    [TestCase("127.0.0.1:1161", "127.0.0.1:1161")]
    [TestCase("udp:127.0.0.1", "udp:127.0.0.1:161")]
    [TestCase("udp6:[::1]:1161", "udp6:[::1]:1161")]
    [TestCase("udp6:::1", "udp6:[::1]:161")]
    [TestCase("tcp:localhost", "tcp:localhost:161")]
    public void Agents_get_port_161_unless_they_name_one(string agent, string expected) =>
        Assert.That(AgentSession.WithDefaultPort(agent), Is.EqualTo(expected));

    [Test]
    public void Each_user_has_the_credentials_after_it_and_the_first_those_before_it()
    {
        var options = Parse("-a", "SHA", "-u", "alice", "-A", "alice-pass", "-x", "AES", "-X", "alice-priv", "-u", "bob", "-A", "bob-pass", "-u", "carol");
        Assert.That(options.Users.Select(u => (u.Name, u.AuthProtocol, u.AuthPassphrase, u.PrivProtocol, u.PrivPassphrase)), Is.EqualTo(new (string, AuthenticationProtocol?, string?, PrivacyProtocol?, string?)[]
        {
            ("alice", AuthenticationProtocol.HmacSha1, "alice-pass", PrivacyProtocol.Aes128, "alice-priv"),
            ("bob", null, "bob-pass", null, null),
            ("carol", null, null, null, null),
        }));
        Assert.That((options.UserName, options.AuthProtocol, options.AuthPassphrase, options.PrivProtocol), Is.EqualTo(("carol", AuthenticationProtocol.HmacSha1, "bob-pass", PrivacyProtocol.Aes128)),
            "the single-user view: the last of each, as Net-SNMP's tools take them");
    }
}
