using Snmp.Ber;
using Snmp.Messages;
using Snmp.Pdus;

namespace Snmp.Security.Usm.Tests;

/// <summary>
/// The non-authoritative side learns an engine's clock from unauthenticated messages (RFC 3414
/// 3.2 step 3a: the discovery Report); forged engine IDs must not make that memory grow without bound.
/// </summary>
[TestFixture]
public class UsmTimelinessCacheBoundTests
{
    private static OctetString Engine(int n) => OctetString.FromHex($"8000C0DE06{(uint)n:X16}");

    /// <summary>An unauthenticated Report-like message naming <paramref name="engineId"/>, as anyone can forge.</summary>
    private static byte[] UnauthenticatedReport(OctetString engineId)
    {
        var parameters = new UsmSecurityParameters(engineId.Value, 7, 1000, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty).Encode(out _);
        var scoped = new ScopedPdu(engineId.Value, ReadOnlyMemory<byte>.Empty, new Pdu(PduType.Report, 1, VarBindList.Empty));
        return SnmpMessageCodec.Encode(new SnmpV3Message(new HeaderData(1, 65507, MsgFlags.None, 3), parameters, scoped));
    }

    [Test]
    public void Forged_unauthenticated_reports_from_many_engines_keep_at_most_the_provisional_cap()
    {
        var usm = new UserBasedSecurityModel();
        int forged = 3 * UsmTimelinessCache.MaxProvisionalEngines;
        for (int i = 0; i < forged; i++)
        {
            var message = UnauthenticatedReport(Engine(i));
            usm.ProcessIncomingMsg(SnmpMessageCodec.DecodeV3Message(message), message);
            Assert.That(usm.KnownEngineClocks, Is.LessThanOrEqualTo(UsmTimelinessCache.MaxProvisionalEngines));
        }

        Assert.That(usm.GetEngineTime(Engine(forged - 1)), Is.Not.Null, "the newest discovery is kept");
        Assert.That(usm.GetEngineTime(Engine(0)), Is.Null, "the oldest provisional entries went first");
    }

    [Test]
    public void An_entry_an_authenticated_message_confirmed_is_never_pushed_out()
    {
        var cache = new UsmTimelinessCache(TimeProvider.System);
        cache.LearnEngine(Engine(-1), 3, 100);
        Assert.That(cache.IsInTimeWindow(Engine(-1), 3, 120, out _, out _), Is.True); // confirmed

        for (int i = 0; i < 2 * UsmTimelinessCache.MaxProvisionalEngines; i++)
        {
            cache.LearnEngine(Engine(i), 1, 1);
        }

        Assert.That(cache.Estimate(Engine(-1))?.Boots, Is.EqualTo(3));
        Assert.That(cache.Count, Is.EqualTo(UsmTimelinessCache.MaxProvisionalEngines + 1), "the cap counts provisional entries only");
    }
}
