using System.Net;
using Snmp.Conformance.Wire;
using Snmp.Pdus;
using static Snmp.Conformance.Checks.CheckHelpers;

namespace Snmp.Conformance.Checks;

/// <summary>
/// RFC 3417 section 8 (BER as SNMP uses it), RFC 3412 4.2.1 (what cannot be parsed is dropped,
/// and the agent lives on), and the address a reply comes from.
/// </summary>
internal static class Rfc3417Checks
{
    private const CheckPrerequisites Read = CheckPrerequisites.ReadCommunity;

    private const string LongForm = "When encoding the length field, only the definite form is used; use of the indefinite form encoding is prohibited. Note that when using the definite-long form, it is also permissible to use more than the minimum number of length octets necessary to encode the length field.";

    private const string ParseError = "If the packet cannot be sufficiently parsed to determine the version of the SNMP message, then the snmpInASNParseErrs [RFC3418] counter is incremented, and the message is discarded without further processing.";

    public static IEnumerable<ConformanceCheck> All()
    {
        yield return Check("rfc3417/8/1", CheckLevel.Must, Read, LongForm,
            "GetRequest sysUpTime.0 with every length in the definite long form of one octet (0x81 nn)", "a Response-PDU", ctx => ReencodedAnsweredAsync(ctx, 1));

        yield return Check("rfc3417/8/2", CheckLevel.Must, Read, LongForm,
            "GetRequest sysUpTime.0 with every length in four octets (0x84 00 00 00 nn)", "a Response-PDU", ctx => ReencodedAnsweredAsync(ctx, 4));

        yield return Check("rfc3417/8/3", CheckLevel.Must, Read, LongForm,
            "GetRequest sysUpTime.0 whose message SEQUENCE has the indefinite length (0x30 0x80 ... 00 00)", "no Response; the agent still answers afterwards", async ctx =>
            {
                var proper = GetRequest(ctx);
                var tree = BerNode.TryParse(proper)!;
                var inner = proper.AsSpan(tree.HeaderLength).ToArray();
                byte[] indefinite = [0x30, 0x80, .. inner, 0x00, 0x00];
                return ExpectSilence(await ctx.SendExpectingSilenceAsync(indefinite, "a message with an indefinite length").ConfigureAwait(false), "a message with an indefinite length");
            });

        yield return Check("rfc3417/8/4", CheckLevel.Must, Read,
            "\"If the contents octets of an integer value encoding consist of more than one octet, then the bits of the first octet and bit 8 of the second octet: a) shall not all be ones; and b) shall not all be zero.\" (ITU-T X.690 section 8.3.2, the BER that RFC 3417 section 8 names)",
            "the GetNext walk's requests", "every INTEGER, Counter, Gauge and TimeTicks in every reply in its fewest octets, and no OBJECT IDENTIFIER sub-identifier starting with 0x80", async ctx =>
            {
                foreach (var step in await ctx.WalkAsync().ConfigureAwait(false))
                {
                    var tree = BerNode.TryParse(step.Datagram.Octets);
                    if (tree is null)
                    {
                        return CheckVerdict.Fail("BER with definite lengths", "octets that do not parse", step.Datagram.Octets);
                    }

                    if (tree.FirstNonMinimal(lengths: false, integers: true) is { } problem)
                    {
                        return CheckVerdict.Fail("minimal INTEGER and sub-identifier encodings", problem, step.Datagram.Octets);
                    }
                }

                return CheckVerdict.Pass();
            });

        yield return Check("rfc3417/8/5", CheckLevel.Info, Read, LongForm,
            "the GetNext walk's requests", "every length in its fewest octets (permitted otherwise; most managers' decoders expect it)", async ctx =>
            {
                foreach (var step in await ctx.WalkAsync().ConfigureAwait(false))
                {
                    if (BerNode.TryParse(step.Datagram.Octets)?.FirstNonMinimal(lengths: true, integers: false) is { } problem)
                    {
                        return CheckVerdict.Fail("minimal lengths", problem, step.Datagram.Octets);
                    }
                }

                return CheckVerdict.Pass();
            });

        int number = 1;
        foreach (var (name, build) in Malformed())
        {
            yield return Check($"rfc3412/4.2.1/{number++}", CheckLevel.Must, Read, ParseError,
                $"{name}, then a GetRequest", "no answer to it; an answer to the GetRequest after it", async ctx =>
                {
                    var octets = build(ctx);
                    var reply = await ctx.SendExpectingSilenceAsync(octets, name).ConfigureAwait(false);
                    return reply is null ? CheckVerdict.Pass() : Answered(reply, name);
                });
        }

        yield return Check("rfc3412/4.2.1/8", CheckLevel.Must, Read,
            "If the version is not supported, then the snmpInBadVersions [RFC3418] counter is incremented, and the message is discarded without further processing.",
            "GetRequest sysUpTime.0 in a message of version 7", "no answer", async ctx =>
            {
                var octets = GetRequest(ctx);
                var tree = BerNode.TryParse(octets)!;
                octets[tree.HeaderLength + 2] = 7;
                return ExpectSilence(await ctx.SendExpectingSilenceAsync(octets, "a message of version 7").ConfigureAwait(false), "a message of an unknown version");
            });

        yield return Check("rfc3417/2/1", CheckLevel.Info, Read,
            "No RFC sentence requires it: RFC 3412 says where a Response goes (\"the prepared message is sent to the originator of the request as identified by the transportDomain and transportAddress\", section 4.2.2.1, step 2c), not where it comes from. Managers match a Response to the address they sent the request to (Net-SNMP, SNMP4J and this library discard one from elsewhere), so an answer from another address or port is lost to them: informational.",
            "GetRequest sysUpTime.0 to the agent's address", "the Response from that same address and port", async ctx =>
            {
                var request = GetRequest(ctx);
                var reply = await ctx.SendAsync(request).ConfigureAwait(false);
                if (reply is null)
                {
                    return CheckVerdict.Fail("a Response", "no answer", request);
                }

                return SameAddress(reply.From, ctx.Target.Agent) ? CheckVerdict.Pass() : CheckVerdict.Fail($"a reply from {ctx.Target.Agent}", $"a reply from {reply.From}", reply.Octets);
            });
    }

    private static bool SameAddress(IPEndPoint a, IPEndPoint b) =>
        a.Port == b.Port && (a.Address.Equals(b.Address) || (a.Address.IsIPv4MappedToIPv6 ? a.Address.MapToIPv4() : a.Address).Equals(b.Address.IsIPv4MappedToIPv6 ? b.Address.MapToIPv4() : b.Address));

    private static CheckVerdict Answered(Datagram reply, string what)
    {
        // An agent may report some malformed messages (a v3 Report); SNMPv1/v2c has no such answer.
        return CheckVerdict.Fail($"no answer to {what}", $"an answer of {reply.Octets.Length} octets", reply.Octets);
    }

    private static byte[] GetRequest(CheckContext ctx) =>
        CheckContext.Community(SnmpVersion.SNMPv2c, ctx.ReadCommunity, new Pdu(PduType.GetRequest, ctx.NextRequestId(), VarBindList.ForRequest(SysUpTime)));

    private static async Task<CheckVerdict> ReencodedAnsweredAsync(CheckContext ctx, int lengthOctets)
    {
        int requestId = ctx.NextRequestId();
        var proper = CheckContext.Community(SnmpVersion.SNMPv2c, ctx.ReadCommunity, new Pdu(PduType.GetRequest, requestId, VarBindList.ForRequest(SysUpTime)));
        var octets = BerNode.TryParse(proper)!.Serialize(lengthOctets);
        var reply = await ctx.SendAsync(octets).ConfigureAwait(false);
        if (reply is null)
        {
            return CheckVerdict.Fail("a Response-PDU", "no answer", octets);
        }

        var message = CheckContext.DecodeCommunity(reply);
        return message.Pdu.Type == PduType.Response && message.Pdu.RequestId == requestId
            ? CheckVerdict.Pass()
            : CheckVerdict.Fail($"a Response-PDU with request-id {requestId}", $"a {message.Pdu.Type} with request-id {message.Pdu.RequestId}", reply.Octets);
    }

    /// <summary>Malformed datagrams, each built from a proper GetRequest so only the named fault is in it.</summary>
    private static IEnumerable<(string Name, Func<CheckContext, byte[]> Build)> Malformed()
    {
        yield return ("a GetRequest cut off in the middle", ctx => GetRequest(ctx)[..20]);
        yield return ("a message whose SEQUENCE length claims 100 octets more than the datagram holds", ctx =>
        {
            var octets = GetRequest(ctx);
            octets[1] = (byte)Math.Min(0x7F, octets[1] + 100);
            return octets;
        });
        yield return ("eight octets of garbage (not BER)", _ => [0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02, 0x03]);
        yield return ("a GetRequest whose request-id INTEGER is 9 octets long", ctx =>
        {
            var tree = BerNode.TryParse(GetRequest(ctx))!;
            var pdu = tree.Children![2];
            var body = new List<byte> { 0x02, 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 };
            foreach (var child in pdu.Children!.Skip(1))
            {
                body.AddRange(Reserialize(child));
            }

            return Wrap(0x30, [.. Reserialize(tree.Children[0]), .. Reserialize(tree.Children[1]), .. Wrap(0xA0, [.. body])]);
        });
        yield return ("a GetRequest for an OBJECT IDENTIFIER with a sub-identifier above 2^32", ctx =>
        {
            byte[] oid = [0x06, 0x0A, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x9F, 0xFF, 0xFF, 0xFF, 0x7F];
            byte[] varBind = Wrap(0x30, [.. oid, 0x05, 0x00]);
            byte[] pdu = Wrap(0xA0, [0x02, 0x02, 0x10, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, .. Wrap(0x30, varBind)]);
            return Wrap(0x30, [0x02, 0x01, 0x01, .. Wrap(0x04, System.Text.Encoding.UTF8.GetBytes(ctx.ReadCommunity)), .. pdu]);
        });
        yield return ("a message nested 200 SEQUENCEs deep", _ =>
        {
            byte[] inner = [0x05, 0x00];
            for (int i = 0; i < 200; i++)
            {
                inner = Wrap(0x30, inner);
            }

            return inner;
        });
        yield return ("an empty datagram", _ => []);
    }

    private static byte[] Reserialize(BerNode node) => node.Serialize(0);

    private static byte[] Wrap(byte tag, byte[] content) => [tag, .. BerNode.MinimalLengthOctets(content.Length), .. content];
}
