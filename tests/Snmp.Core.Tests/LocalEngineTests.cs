using Snmp.AbstractServices;

namespace Snmp.Core.Tests;

[TestFixture]
public class LocalEngineTests
{
    [Test]
    public void Generated_engine_ids_follow_RFC_3411_and_differ()
    {
        var a = LocalEngine.GenerateEngineId(8072);
        var b = LocalEngine.GenerateEngineId(8072);

        Assert.That(a.ToHex()[..10], Is.EqualTo("80001F8805"), "high bit, enterprise 8072 (0x1F88), format 5");
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a.Length, Is.InRange(5, 32));
    }

    [Test]
    public void Time_counts_seconds_from_the_start()
    {
        var clock = new ManualClock();
        var engine = new LocalEngine(OctetString.FromHex("800000000501020304"), 7, clock);

        clock.Ticks = TimeSpan.FromSeconds(42.9).Ticks;

        Assert.That(engine.Time, Is.EqualTo(42));
        Assert.That(engine.UpTimeTicks, Is.EqualTo(4290));
        Assert.Throws<ArgumentException>(() => new LocalEngine(OctetString.FromHex("8000"), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalEngine(OctetString.FromHex("800000000501020304"), int.MaxValue));
    }

    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }
}
