using Snmp.AbstractServices;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;
using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>
/// UsmSecurityParameters (RFC 3414 section 2.4) on the wire: round trips, the section 2.4
/// limits, and that no malformed input escapes as anything but <see cref="SnmpDecodeException"/>.
/// </summary>
[TestFixture]
public class UsmSecurityParametersTests
{
    private static readonly byte[] EngineId = Convert.FromHexString("80001F8880C71100005F5F3A6A");

    private static UsmSecurityParameters Valid() =>
        new(EngineId, 5, 1000, "alice"u8.ToArray(), new byte[12], Convert.FromHexString("0000000100000002"));

    public static IEnumerable<TestCaseData> RoundTrips()
    {
        yield return new TestCaseData(Valid()).SetArgDisplayNames("authPriv");
        yield return new TestCaseData(new UsmSecurityParameters(ReadOnlyMemory<byte>.Empty, 0, 0, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty))
            .SetArgDisplayNames("discovery probe (all empty)");
        yield return new TestCaseData(new UsmSecurityParameters(new byte[32], int.MaxValue, int.MaxValue, Enumerable.Repeat((byte)'u', 32).ToArray(), new byte[48], ReadOnlyMemory<byte>.Empty))
            .SetArgDisplayNames("the RFC 3414 2.4 maxima, HMAC-384-SHA-512 digest");
        // 200 octets of privacy parameters push the SEQUENCE length into the long form.
        yield return new TestCaseData(new UsmSecurityParameters(EngineId, 128, 65536, "bob"u8.ToArray(), Enumerable.Range(1, 24).Select(i => (byte)i).ToArray(), new byte[200]))
            .SetArgDisplayNames("long-form length, multi-octet integers");
    }

    [TestCaseSource(nameof(RoundTrips))]
    public void Encoding_then_decoding_gives_the_same_parameters_and_digest_position(UsmSecurityParameters parameters)
    {
        var encoded = parameters.Encode(out int encodedAuthOffset);

        var decoded = UsmSecurityParameters.Decode(encoded, out int decodedAuthOffset);

        Assert.That(decoded.AuthoritativeEngineId.ToArray(), Is.EqualTo(parameters.AuthoritativeEngineId.ToArray()));
        Assert.That(decoded.AuthoritativeEngineBoots, Is.EqualTo(parameters.AuthoritativeEngineBoots));
        Assert.That(decoded.AuthoritativeEngineTime, Is.EqualTo(parameters.AuthoritativeEngineTime));
        Assert.That(decoded.UserName.ToArray(), Is.EqualTo(parameters.UserName.ToArray()));
        Assert.That(decoded.AuthenticationParameters.ToArray(), Is.EqualTo(parameters.AuthenticationParameters.ToArray()));
        Assert.That(decoded.PrivacyParameters.ToArray(), Is.EqualTo(parameters.PrivacyParameters.ToArray()));
        Assert.That(decodedAuthOffset, Is.EqualTo(encodedAuthOffset));
        Assert.That(encoded.AsSpan(decodedAuthOffset, parameters.AuthenticationParameters.Length).ToArray(), Is.EqualTo(parameters.AuthenticationParameters.ToArray()));
        Assert.That(decoded.Encode(out _), Is.EqualTo(encoded));
    }

    [Test]
    public void Every_truncation_is_a_decode_exception_inside_the_octets()
    {
        var encoded = Valid().Encode(out _);
        for (int length = 0; length < encoded.Length; length++)
        {
            var error = Assert.Throws<SnmpDecodeException>(() => UsmSecurityParameters.Decode(encoded.AsMemory(0, length), out _), $"{length} of {encoded.Length} octets");
            Assert.That(error!.Offset, Is.InRange(0, length), $"{length} of {encoded.Length} octets");
        }
    }

    [Test]
    public void Every_single_octet_mutation_decodes_within_the_limits_or_is_a_decode_exception()
    {
        // Each bit flipped, and the values most likely to change the structure: tags, the
        // indefinite and long length forms, sign octets.
        byte[] replacements = [0x00, 0x01, 0x02, 0x04, 0x1F, 0x24, 0x30, 0x7F, 0x80, 0x81, 0x82, 0x84, 0xFF];
        var encoded = Valid().Encode(out _);
        int decodedCount = 0, refusedCount = 0;
        for (int i = 0; i < encoded.Length; i++)
        {
            var values = Enumerable.Range(0, 8).Select(bit => (byte)(encoded[i] ^ (1 << bit))).Concat(replacements).Where(v => v != encoded[i]).Distinct();
            foreach (var value in values)
            {
                var mutated = (byte[])encoded.Clone();
                mutated[i] = value;
                if (Decodes(mutated, $"octet {i} = 0x{value:X2}"))
                {
                    decodedCount++;
                }
                else
                {
                    refusedCount++;
                }
            }
        }

        Assert.That(decodedCount, Is.GreaterThan(0), "some mutations only change contents");
        Assert.That(refusedCount, Is.GreaterThan(0), "some mutations break the structure");
    }

    [Test]
    public void Inserted_and_appended_octets_are_decode_exceptions()
    {
        var encoded = Valid().Encode(out _);
        Assert.Throws<SnmpDecodeException>(() => UsmSecurityParameters.Decode(encoded.Append((byte)0x00).ToArray(), out _), "an octet after the SEQUENCE");
        for (int i = 0; i <= encoded.Length; i++)
        {
            var inserted = encoded.Take(i).Append((byte)0x04).Concat(encoded.Skip(i)).ToArray();
            // The outer length no longer matches the octets, wherever the insertion is.
            Assert.That(Decodes(inserted, $"0x04 inserted at {i}"), Is.False, $"0x04 inserted at {i}");
        }
    }

    [TestCase(33, 0, TestName = "msgAuthoritativeEngineID of 33 octets")]
    [TestCase(0, 33, TestName = "msgUserName of 33 octets")]
    public void Fields_over_32_octets_break_RFC_3414_section_2_4(int engineIdLength, int userNameLength)
    {
        var parameters = new UsmSecurityParameters(new byte[engineIdLength], 1, 1, new byte[userNameLength], ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty);
        var encoded = parameters.Encode(out _);

        var error = Assert.Throws<SnmpDecodeException>(() => UsmSecurityParameters.Decode(encoded, out _));

        // The offset is the oversized field's: right after the SEQUENCE header, or after the engine ID, boots and time.
        Assert.That(error!.Offset, Is.EqualTo(engineIdLength > 0 ? 2 : 2 + 2 + 3 + 3));
        Assert.That(error.Problem, Does.Contain(engineIdLength > 0 ? "msgAuthoritativeEngineID" : "msgUserName"));
    }

    // The SEQUENCE header and an empty engine ID take 4 octets: boots is at offset 4, time after it.
    [TestCase("020100", "0201FF", 7, TestName = "time -1")]
    [TestCase("0201FF", "020100", 4, TestName = "boots -1")]
    [TestCase("02050080000000", "020100", 4, TestName = "boots 2^31")]
    [TestCase("020100", "02050080000000", 7, TestName = "time 2^31")]
    [TestCase("0209010000000000000000", "020100", 4, TestName = "boots beyond 64 bits")]
    [TestCase("0200", "020100", 4, TestName = "boots without contents")]
    [TestCase("040100", "020100", 4, TestName = "boots as an OCTET STRING")]
    public void Boots_and_time_outside_0_to_2147483647_are_decode_exceptions(string boots, string time, int offset)
    {
        var error = Assert.Throws<SnmpDecodeException>(() => UsmSecurityParameters.Decode(Sequence("0400", boots, time, "0400", "0400", "0400"), out _));
        Assert.That(error!.Offset, Is.EqualTo(offset), "the offset of the field at fault");
    }

    [TestCase("3080 0400 020100 020100 0400 0400 0400 0000", TestName = "indefinite length")]
    [TestCase("3014 2406 040401020304 020100 020100 0400 0400 0400", TestName = "constructed OCTET STRING")]
    [TestCase("310E 0400 020100 020100 0400 0400 0400", TestName = "SET instead of SEQUENCE")]
    [TestCase("300C 0400 020100 020100 0400 0400", TestName = "msgPrivacyParameters missing")]
    [TestCase("3010 0400 020100 020100 0400 0400 0400 0500", TestName = "an extra field")]
    [TestCase("300E 0400 020100 020100 0400 0400 0400 00", TestName = "an octet after the SEQUENCE")]
    public void Forms_SNMP_forbids_or_a_different_structure_are_decode_exceptions(string hex) =>
        Assert.Throws<SnmpDecodeException>(() => UsmSecurityParameters.Decode(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), out _));

    [Test]
    public void Non_minimal_integers_and_lengths_are_accepted_as_the_message_codec_accepts_them()
    {
        // BerReader's documented leniencies (ARCHITECTURE.md): redundant leading 00 octets in an
        // INTEGER, and long-form lengths that could have been short.
        var encoded = Sequence("04820000", "02020005", "0203000100", "0400", "0400", "0400");

        var decoded = UsmSecurityParameters.Decode(encoded, out _);

        Assert.That((decoded.AuthoritativeEngineBoots, decoded.AuthoritativeEngineTime), Is.EqualTo((5, 256)));
    }

    [Test]
    public void A_truncated_msgSecurityParameters_is_snmpInASNParseErrs_in_processIncomingMsg()
    {
        var usm = new UserBasedSecurityModel();
        var encoded = Valid().Encode(out _);
        var scoped = new ScopedPdu(EngineId, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Response, 1, VarBindList.Empty));
        for (int length = 0; length < encoded.Length; length++)
        {
            var message = SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(1, 65507, MsgFlags.Auth, 3), encoded.AsMemory(0, length), scoped));

            var drop = Assert.Throws<MessageDroppedException>(() => usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message), $"{length} octets");

            Assert.That(drop!.Counter, Is.EqualTo(SnmpCounter.SnmpInASNParseErrs));
            Assert.That(drop.InnerException, Is.TypeOf<SnmpDecodeException>());
            Assert.That(drop.ReportSecurity, Is.Null, "RFC 3414 3.2 step 1: not enough information for a Report");
        }
    }

    /// <summary>Decodes, failing the test on any exception but <see cref="SnmpDecodeException"/>; true when the octets decoded.</summary>
    private static bool Decodes(byte[] encoded, string what)
    {
        UsmSecurityParameters decoded;
        int authOffset;
        try
        {
            decoded = UsmSecurityParameters.Decode(encoded, out authOffset);
        }
        catch (SnmpDecodeException e)
        {
            Assert.That(e.Offset, Is.InRange(0, encoded.Length), what);
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped instead of SnmpDecodeException: {e.Message}");
            throw;
        }

        Assert.That(decoded.AuthoritativeEngineId.Length, Is.LessThanOrEqualTo(32), what);
        Assert.That(decoded.UserName.Length, Is.LessThanOrEqualTo(32), what);
        Assert.That(decoded.AuthoritativeEngineBoots, Is.GreaterThanOrEqualTo(0), what);
        Assert.That(decoded.AuthoritativeEngineTime, Is.GreaterThanOrEqualTo(0), what);
        Assert.That(authOffset + decoded.AuthenticationParameters.Length, Is.LessThanOrEqualTo(encoded.Length), what);
        Assert.That(encoded.AsSpan(authOffset, decoded.AuthenticationParameters.Length).SequenceEqual(decoded.AuthenticationParameters.Span), what);
        return true;
    }

    /// <summary>A SEQUENCE of the given hex-encoded elements (short-form length).</summary>
    private static byte[] Sequence(params string[] elements)
    {
        var contents = Convert.FromHexString(string.Concat(elements));
        return [0x30, (byte)contents.Length, .. contents];
    }
}
