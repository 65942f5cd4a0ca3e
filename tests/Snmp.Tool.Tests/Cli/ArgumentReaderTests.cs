using Snmp.Tool.Cli;

namespace Snmp.Tool.Tests.Cli;

public class ArgumentReaderTests
{
    private static ParsedArguments Read(params string[] args) => ArgumentReader.Read(args, CommonOptions.LettersWithValue, CommonOptions.Flags, "snmpget");

    [Test]
    public void A_value_is_the_rest_of_the_word_or_the_next_word()
    {
        var parsed = Read("-v2c", "-c", "public", "-Cr10", "host", "1.3.6");
        Assert.That(parsed.Options, Is.EqualTo(new (char, string?)[] { ('v', "2c"), ('c', "public"), ('C', "r10") }));
        Assert.That(parsed.Operands, Is.EqualTo(new[] { "host", "1.3.6" }));
    }

    [Test]
    public void Options_may_follow_the_operands_as_GNU_getopt_permutes_them()
    {
        var parsed = Read("host", "1.3.6", "-Ov", "-v", "1");
        Assert.That(parsed.Options, Is.EqualTo(new (char, string?)[] { ('O', "v"), ('v', "1") }));
        Assert.That(parsed.Operands, Is.EqualTo(new[] { "host", "1.3.6" }));
    }

    [Test]
    public void Flags_share_a_word_until_a_letter_that_takes_a_value()
    {
        var parsed = Read("-dOnq", "x");
        Assert.That(parsed.Options, Is.EqualTo(new (char, string?)[] { ('d', null), ('O', "nq") }));
        Assert.That(parsed.Operands, Is.EqualTo(new[] { "x" }));
    }

    [Test]
    public void Double_dash_ends_the_options_so_a_negative_number_is_an_operand()
    {
        var parsed = Read("-c", "private", "--", "host", "oid", "i", "-5");
        Assert.That(parsed.Operands, Is.EqualTo(new[] { "host", "oid", "i", "-5" }));
    }

    [Test]
    public void Long_options_keep_their_value()
    {
        var parsed = Read("--json", "--rows=5");
        Assert.That(parsed.LongOptions, Is.EqualTo(new (string, string?)[] { ("json", null), ("rows", "5") }));
    }

    [Test]
    public void An_unknown_letter_is_getopts_complaint_with_the_usage()
    {
        var e = Assert.Throws<ToolException>(() => Read("-k", "host"));
        Assert.That(e!.Message, Is.EqualTo("snmpget: invalid option -- 'k'"));
        Assert.That(e.ShowUsage, Is.True);
        Assert.That(e.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public void A_missing_value_is_getopts_complaint()
    {
        var e = Assert.Throws<ToolException>(() => Read("host", "-c"));
        Assert.That(e!.Message, Is.EqualTo("snmpget: option requires an argument -- 'c'"));
    }
}
