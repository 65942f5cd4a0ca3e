using System.Globalization;
using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Core.Tests.Ber;

/// <summary>
/// Messages captured from Net-SNMP's tools and agent decode to what Net-SNMP meant, and encode
/// back to the very same bytes.
/// </summary>
[TestFixture]
public class NetSnmpFixtureTests
{
    public static IEnumerable<string> Fixtures() => NetSnmpFixtures.Names();

    [Test]
    public void There_is_a_fixture_for_every_message_kind_the_issue_names()
    {
        Assert.That(Fixtures(), Is.SupersetOf(new[]
        {
            "v1-get", "v2c-get", "v1-getnext", "v2c-getnext", "v2c-getbulk", "v1-set", "v2c-set",
            "v1-trap", "v2c-trap", "v2c-inform", "v3-noauth-get", "v2c-response-types", "v3-report-unknown-engine-id",
        }));
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Decodes_to_what_NetSnmp_meant(string name)
    {
        var bytes = NetSnmpFixtures.Bytes(name);
        var expected = NetSnmpFixtures.Expectations(name);
        var actual = Describe(bytes);

        foreach (var (key, value) in expected.Where(e => e.Key is not ("varbind" or "varbind-oid")))
        {
            Assert.That(actual.TryGetValue(key, out var got), Is.True, $"{name}: the decoded message has no {key}");
            Assert.That(got, Is.EqualTo(value), $"{name}: {key}");
        }

        var expectedVarBinds = expected.Where(e => e.Key is "varbind" or "varbind-oid").ToList();
        var varBinds = (List<VarBind>)actual.VarBinds;
        Assert.That(varBinds, Has.Count.EqualTo(expectedVarBinds.Count), $"{name}: varbind count");
        for (int i = 0; i < varBinds.Count; i++)
        {
            var rendered = Render(varBinds[i]);
            if (expectedVarBinds[i].Key == "varbind-oid")
            {
                var parts = expectedVarBinds[i].Value.Split(' ');
                Assert.That(rendered, Does.StartWith($"{parts[0]} {parts[1]}"), $"{name}: varbind {i + 1}");
            }
            else
            {
                Assert.That(rendered, Is.EqualTo(expectedVarBinds[i].Value), $"{name}: varbind {i + 1}");
            }
        }
    }

    [TestCaseSource(nameof(Fixtures))]
    public void Reencodes_byte_for_byte(string name)
    {
        var bytes = NetSnmpFixtures.Bytes(name);
        byte[] encoded = SnmpMessageCodec.PeekVersion(bytes) == 3
            ? SnmpMessageCodec.Encode(SnmpMessageCodec.DecodeV3Message(bytes))
            : SnmpMessageCodec.Encode(SnmpMessageCodec.DecodeCommunityMessage(bytes));
        Assert.That(Convert.ToHexString(encoded), Is.EqualTo(Convert.ToHexString(bytes)));
    }

    private sealed class Description : Dictionary<string, string>
    {
        public IList<VarBind> VarBinds { get; } = new List<VarBind>();
    }

    private static Description Describe(byte[] bytes)
    {
        var d = new Description();
        int version = SnmpMessageCodec.PeekVersion(bytes);
        d["version"] = version.ToString(CultureInfo.InvariantCulture);
        SnmpPdu pdu;
        if (version == 3)
        {
            var message = SnmpMessageCodec.DecodeV3Message(bytes);
            d["msg-id"] = message.GlobalData.MsgId.ToString(CultureInfo.InvariantCulture);
            d["msg-max-size"] = message.GlobalData.MsgMaxSize.ToString(CultureInfo.InvariantCulture);
            d["msg-flags"] = ((byte)message.GlobalData.MsgFlags).ToString("X2", CultureInfo.InvariantCulture);
            d["msg-security-model"] = message.GlobalData.MsgSecurityModel.ToString(CultureInfo.InvariantCulture);
            Assert.That(message.ScopedPdu, Is.Not.Null, "a noAuthNoPriv message carries a plaintext scopedPDU");
            d["context-engine-id"] = Convert.ToHexString(message.ScopedPdu!.ContextEngineId.Span);
            d["context-name"] = Convert.ToHexString(message.ScopedPdu.ContextName.Span);
            pdu = message.ScopedPdu.Pdu;
        }
        else
        {
            var message = SnmpMessageCodec.DecodeCommunityMessage(bytes);
            d["community"] = System.Text.Encoding.UTF8.GetString(message.Community.Span);
            pdu = message.Pdu;
        }

        d["pdu"] = pdu.Type switch
        {
            PduType.TrapV1 => "Trap",
            PduType.SNMPv2Trap => "SNMPv2-Trap",
            var t => t.ToString(),
        };
        switch (pdu)
        {
            case Pdu p:
                d["request-id"] = p.RequestId.ToString(CultureInfo.InvariantCulture);
                d["error-status"] = ((int)p.ErrorStatus).ToString(CultureInfo.InvariantCulture);
                d["error-index"] = p.ErrorIndex.ToString(CultureInfo.InvariantCulture);
                break;
            case BulkPdu b:
                d["request-id"] = b.RequestId.ToString(CultureInfo.InvariantCulture);
                d["non-repeaters"] = b.NonRepeaters.ToString(CultureInfo.InvariantCulture);
                d["max-repetitions"] = b.MaxRepetitions.ToString(CultureInfo.InvariantCulture);
                break;
            case TrapV1Pdu t:
                d["enterprise"] = t.Enterprise.ToString();
                d["agent-addr"] = t.AgentAddress.ToString();
                d["generic-trap"] = ((int)t.GenericTrap).ToString(CultureInfo.InvariantCulture);
                d["specific-trap"] = t.SpecificTrap.ToString(CultureInfo.InvariantCulture);
                d["time-stamp"] = t.TimeStamp.Value.ToString(CultureInfo.InvariantCulture);
                break;
        }

        foreach (var vb in pdu.VarBinds)
        {
            d.VarBinds.Add(vb);
        }

        return d;
    }

    private static string Render(VarBind vb)
    {
        string value = vb.Value switch
        {
            OctetString s => Convert.ToHexString(s.Span),
            Null or NoSuchObject or NoSuchInstance or EndOfMibView => "",
            var other => other.ToString()!,
        };
        return $"{vb.Oid} {vb.Value.Type} {value}".TrimEnd();
    }
}
