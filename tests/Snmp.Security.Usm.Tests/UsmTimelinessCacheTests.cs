using Snmp.Security.Usm;

namespace Snmp.Security.Usm.Tests;

/// <summary>The non-authoritative engine's notion of an authoritative engine's clock (RFC 3414 2.3, 3.2 step 7b, section 4).</summary>
[TestFixture]
public class UsmTimelinessCacheTests
{
    private static readonly OctetString Engine = OctetString.FromHex("80001F8880C71100005F5F3A6A");

    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;

        public void Advance(int seconds) => Ticks += TimeSpan.FromSeconds(seconds).Ticks;
    }

    private ManualClock _clock = null!;
    private UsmTimelinessCache _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualClock();
        _cache = new UsmTimelinessCache(_clock);
    }

    private bool InWindow(int boots, int time) => _cache.IsInTimeWindow(Engine, boots, time, out _, out _);

    [Test]
    public void An_engine_not_heard_from_has_no_notion()
    {
        Assert.That(_cache.Estimate(Engine), Is.Null);
    }

    [Test]
    public void The_notion_of_snmpEngineTime_advances_with_the_local_clock()
    {
        _cache.LearnEngine(Engine, 3, 1000);
        _clock.Advance(42);

        Assert.That(_cache.Estimate(Engine), Is.EqualTo((3, 1042)));
    }

    [Test]
    public void A_learnt_discovery_value_is_provisional_and_never_replaces_an_authenticated_one()
    {
        _cache.LearnEngine(Engine, 9, 9000);
        Assert.That(InWindow(3, 1000), Is.True, "the first authenticated message replaces a discovery value, even an older one");
        Assert.That(_cache.Estimate(Engine), Is.EqualTo((3, 1000)));

        _cache.LearnEngine(Engine, 9, 9000);

        Assert.That(_cache.Estimate(Engine), Is.EqualTo((3, 1000)));
    }

    [TestCase(4, 10, 4, 10, TestName = "a later boot is adopted")]
    [TestCase(3, 1001, 3, 1001, TestName = "a later time in the same boot is adopted")]
    [TestCase(3, 1000, 3, 1000, TestName = "the same time is kept")]
    [TestCase(3, 999, 3, 1000, TestName = "an earlier time in the window is accepted but not adopted")]
    public void Step_7b_1_adopts_only_a_newer_clock(int boots, int time, int expectedBoots, int expectedTime)
    {
        Assert.That(InWindow(3, 1000), Is.True);

        Assert.That(_cache.IsInTimeWindow(Engine, boots, time, out int localBoots, out int localTime), Is.True);

        Assert.That((localBoots, localTime), Is.EqualTo((expectedBoots, expectedTime)));
        Assert.That(_cache.Estimate(Engine), Is.EqualTo((expectedBoots, expectedTime)));
    }

    [Test]
    public void Adoption_compares_with_latestReceivedEngineTime_not_the_advancing_notion()
    {
        Assert.That(InWindow(3, 1000), Is.True);
        _clock.Advance(100);

        // 1050 is behind the notion (1100) but past latestReceivedEngineTime (1000): adopted.
        Assert.That(InWindow(3, 1050), Is.True);

        Assert.That(_cache.Estimate(Engine), Is.EqualTo((3, 1050)));
    }

    [TestCase(2, 1000, false, TestName = "an earlier boot")]
    [TestCase(3, 849, false, TestName = "151 s behind")]
    [TestCase(3, 850, true, TestName = "150 s behind")]
    [TestCase(int.MaxValue, 1000, false, TestName = "boots latched at 2^31-1")]
    public void Step_7b_2_refuses_messages_behind_the_window(int boots, int time, bool inside)
    {
        Assert.That(InWindow(3, 1000), Is.True);

        Assert.That(InWindow(boots, time), Is.EqualTo(inside));
    }

    [Test]
    public void The_window_moves_with_the_local_clock()
    {
        Assert.That(InWindow(3, 1000), Is.True);
        _clock.Advance(100);

        Assert.That(InWindow(3, 950), Is.True, "150 s behind the notion of 1100");
        Assert.That(InWindow(3, 949), Is.False);
    }

    [Test]
    public void Engines_are_kept_apart()
    {
        var other = OctetString.FromHex("8000000005AABBCCDDEEFF0011");
        Assert.That(InWindow(3, 1000), Is.True);

        Assert.That(_cache.IsInTimeWindow(other, 1, 5, out _, out _), Is.True);

        Assert.That(_cache.Estimate(Engine), Is.EqualTo((3, 1000)));
        Assert.That(_cache.Estimate(other), Is.EqualTo((1, 5)));
    }

    [Test]
    public void A_restarted_engines_clock_replaces_even_a_newer_authenticated_one_when_adopted()
    {
        Assert.That(InWindow(7, 5000), Is.True);
        Assert.That(InWindow(1, 3), Is.False, "step 7b never moves the notion back by itself");

        _cache.AdoptRestartedClock(Engine, 1, 3);
        _clock.Advance(10);

        Assert.That(_cache.Estimate(Engine), Is.EqualTo((1, 13)));
        Assert.That(InWindow(1, 14), Is.True);
    }

    [TestCase(6, 9999, true, TestName = "an earlier boot is behind")]
    [TestCase(7, 4849, true, TestName = "151 s back in the same boot is behind")]
    [TestCase(7, 4850, false, TestName = "150 s back is inside the window")]
    [TestCase(8, 0, false, TestName = "a later boot is ahead")]
    [TestCase(int.MaxValue, 0, false, TestName = "boots latched at 2^31-1 is refused but no regression")]
    public void Behind_means_the_clock_went_backwards(int boots, int time, bool behind)
    {
        Assert.That(UsmTimelinessCache.IsBehind(boots, time, 7, 5000), Is.EqualTo(behind));
    }

    [Test]
    public void A_refused_clock_is_kept_until_a_message_is_inside_the_window()
    {
        Assert.That(InWindow(7, 5000), Is.True);
        _cache.NoteRefused(Engine, 1, 3, 7, 5000);

        Assert.That(_cache.RefusedClock(Engine), Is.EqualTo(new RefusedEngineTime(1, 3, 7, 5000)));
        Assert.That(_cache.RefusedClock(Engine)!.Describe(), Does.Contain("snmpEngineBoots went from 7 to 1"));
        Assert.That(_cache.Estimate(Engine), Is.EqualTo((7, 5000)), "noting a refusal changes no notion");

        Assert.That(InWindow(7, 4999), Is.True);

        Assert.That(_cache.RefusedClock(Engine), Is.Null);
    }

    [Test]
    public void A_refusal_for_an_engine_never_heard_from_is_not_kept()
    {
        _cache.NoteRefused(Engine, 1, 3, 7, 5000);

        Assert.That(_cache.RefusedClock(Engine), Is.Null);
        Assert.That(_cache.Estimate(Engine), Is.Null);
    }

    [Test]
    public void Every_write_shows_in_the_next_read_of_the_same_engine()
    {
        // The cache keeps the entry it read last; each way of writing must make it read again.
        var sameEngine = new OctetString(Engine.Span);
        _cache.LearnEngine(Engine, 2, 100);
        Assert.That(_cache.Estimate(sameEngine), Is.EqualTo((2, 100)));
        _cache.LearnEngine(Engine, 2, 200);
        Assert.That(_cache.Estimate(sameEngine), Is.EqualTo((2, 200)), "a provisional value replaces a provisional one");
        Assert.That(InWindow(3, 300), Is.True);
        Assert.That(_cache.Estimate(sameEngine), Is.EqualTo((3, 300)));
        Assert.That(InWindow(3, 400), Is.True);
        Assert.That(_cache.Estimate(sameEngine), Is.EqualTo((3, 400)), "a newer authenticated clock is adopted");
        _cache.AdoptRestartedClock(Engine, 1, 5);
        Assert.That(_cache.Estimate(sameEngine), Is.EqualTo((1, 5)));
        _cache.Forget(Engine);
        Assert.That(_cache.Estimate(sameEngine), Is.Null);
    }
}
