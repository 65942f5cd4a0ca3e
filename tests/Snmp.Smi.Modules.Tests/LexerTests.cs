using Snmp.Smi.Modules.Parsing;

namespace Snmp.Smi.Modules.Tests;

public class LexerTests
{
    [Test]
    public void TokensCarryLineAndColumn()
    {
        var tokens = MibLexer.Tokenize("foo OBJECT IDENTIFIER\n  ::= { bar 3 }", "t.mib");
        Assert.That(tokens.Select(t => (t.Kind, t.Text, t.Line, t.Column)), Is.EqualTo(new[]
        {
            (TokenKind.Identifier, "foo", 1, 1),
            (TokenKind.Identifier, "OBJECT", 1, 5),
            (TokenKind.Identifier, "IDENTIFIER", 1, 12),
            (TokenKind.Assign, "::=", 2, 3),
            (TokenKind.LeftBrace, "{", 2, 7),
            (TokenKind.Identifier, "bar", 2, 9),
            (TokenKind.Number, "3", 2, 13),
            (TokenKind.RightBrace, "}", 2, 15),
            (TokenKind.EndOfInput, "", 2, 16),
        }));
    }

    [Test]
    public void HexAndBinaryStringsRangesAndNegativeNumbers()
    {
        var tokens = MibLexer.Tokenize("'0aFF'H '0101'b (-1..10 | 'ff'h)", "t.mib");
        Assert.That(tokens.Select(t => (t.Kind, t.Text)), Is.EqualTo(new[]
        {
            (TokenKind.HexString, "0aFF"),
            (TokenKind.BinaryString, "0101"),
            (TokenKind.LeftParen, "("),
            (TokenKind.Number, "-1"),
            (TokenKind.Range, ".."),
            (TokenKind.Number, "10"),
            (TokenKind.Bar, "|"),
            (TokenKind.HexString, "ff"),
            (TokenKind.RightParen, ")"),
            (TokenKind.EndOfInput, ""),
        }));
    }

    [Test]
    public void QuotedStringsSpanLinesAndTheLineCountGoesOn()
    {
        var tokens = MibLexer.Tokenize("DESCRIPTION \"one\ntwo\n-- not a comment\" next", "t.mib");
        Assert.Multiple(() =>
        {
            Assert.That(tokens[1].Kind, Is.EqualTo(TokenKind.QuotedString));
            Assert.That(tokens[1].Text, Is.EqualTo("one\ntwo\n-- not a comment"));
            Assert.That((tokens[1].Line, tokens[1].Column), Is.EqualTo((1, 13)));
            Assert.That((tokens[2].Text, tokens[2].Line, tokens[2].Column), Is.EqualTo(("next", 3, 19)));
        });
    }

    [Test]
    public void CommentsEndAtTheEndOfTheLineOrAtTheNextDoubleHyphen()
    {
        var tokens = MibLexer.Tokenize("a -- comment\nb -- inside -- c\n--------\nd", "t.mib");
        Assert.That(tokens.Where(t => t.Kind == TokenKind.Identifier).Select(t => t.Text), Is.EqualTo(new[] { "a", "b", "c", "d" }));
    }

    [Test]
    public void IdentifiersKeepHyphensAndUnderscoresButStopAtAComment()
    {
        var tokens = MibLexer.Tokenize("mib-2 snmp_V1 MAX-ACCESS foo--comment", "t.mib");
        Assert.That(tokens.Where(t => t.Kind == TokenKind.Identifier).Select(t => t.Text), Is.EqualTo(new[] { "mib-2", "snmp_V1", "MAX-ACCESS", "foo" }));
    }

    [Test]
    public void AnUnterminatedStringIsAnErrorAtItsStart()
    {
        var e = Assert.Throws<MibSyntaxException>(() => MibLexer.Tokenize("x\n  DESCRIPTION \"never closed\n\n", "bad.mib"))!;
        Assert.That((e.File, e.Line, e.Column), Is.EqualTo(("bad.mib", 2, 15)));
    }

    [Test]
    public void CharactersOutsideTheGrammarBecomeOtherTokens()
    {
        var tokens = MibLexer.Tokenize("a @ \u0001 b", "t.mib");
        Assert.That(tokens.Select(t => t.Kind), Is.EqualTo(new[] { TokenKind.Identifier, TokenKind.Other, TokenKind.Other, TokenKind.Identifier, TokenKind.EndOfInput }));
    }
}
