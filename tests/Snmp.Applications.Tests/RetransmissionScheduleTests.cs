namespace Snmp.Applications.Tests;

[TestFixture]
public class RetransmissionScheduleTests
{
    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    /// <summary>The elapsed times at which a sender that wakes exactly when told transmits.</summary>
    private static List<TimeSpan> Transmissions(RetransmissionSchedule schedule)
    {
        var sent = new List<TimeSpan>();
        var now = TimeSpan.Zero;
        for (int wakeUps = 0; wakeUps < 100; wakeUps++)
        {
            if (schedule.HasTimedOut(now))
            {
                return sent;
            }

            if (schedule.IsTransmissionDue(now, sent.Count))
            {
                sent.Add(now);
            }

            now = schedule.NextWakeUp(sent.Count);
        }

        Assert.Fail("the schedule never times out");
        return sent;
    }

    [Test]
    public void Transmissions_are_due_at_multiples_of_the_refresh_period_before_the_timeout()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(450), Ms(100)));

        Assert.That(Transmissions(schedule), Is.EqualTo(new[] { Ms(0), Ms(100), Ms(200), Ms(300), Ms(400) }));
    }

    [Test]
    public void No_transmission_is_due_at_the_timeout_itself()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(400), Ms(100)));

        Assert.That(Transmissions(schedule), Is.EqualTo(new[] { Ms(0), Ms(100), Ms(200), Ms(300) }));
        Assert.That(schedule.IsTransmissionDue(Ms(400), 4), Is.False);
        Assert.That(schedule.NextWakeUp(4), Is.EqualTo(Ms(400)), "the wake-up that ends the request");
    }

    [Test]
    public void A_refresh_period_longer_than_the_timeout_sends_once()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(300), Ms(1000)));

        Assert.That(Transmissions(schedule), Is.EqualTo(new[] { Ms(0) }));
        Assert.That(schedule.NextWakeUp(1), Is.EqualTo(Ms(300)));
    }

    [Test]
    public void The_request_times_out_exactly_when_the_timeout_has_passed()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(450), Ms(100)));

        Assert.That(schedule.HasTimedOut(Ms(450) - Tick), Is.False);
        Assert.That(schedule.HasTimedOut(Ms(450)), Is.True);
        Assert.That(schedule.HasTimedOut(Ms(5000)), Is.True);
    }

    [Test]
    public void The_first_transmission_is_due_at_once_and_an_early_wake_up_adds_none()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(450), Ms(100)));

        Assert.That(schedule.IsTransmissionDue(TimeSpan.Zero, 0), Is.True);
        Assert.That(schedule.IsTransmissionDue(TimeSpan.Zero, 1), Is.False);
        Assert.That(schedule.IsTransmissionDue(Ms(100) - Tick, 1), Is.False, "a timer that fires a tick early");
        Assert.That(schedule.IsTransmissionDue(Ms(100), 1), Is.True);
        Assert.That(schedule.IsTransmissionDue(Ms(399), 4), Is.False);
    }

    [Test]
    public void A_late_wake_up_owes_only_the_transmissions_whose_times_have_passed()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(450), Ms(100)));

        // Woken at 250 ms after one transmission: those due at 100 and 200 ms are owed, 300 ms is not.
        Assert.That(schedule.IsTransmissionDue(Ms(250), 1), Is.True);
        Assert.That(schedule.IsTransmissionDue(Ms(250), 2), Is.True);
        Assert.That(schedule.IsTransmissionDue(Ms(250), 3), Is.False);
        Assert.That(schedule.NextWakeUp(3), Is.EqualTo(Ms(300)));
    }

    [Test]
    public void A_wake_up_past_the_timeout_sends_nothing_more()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(450), Ms(100)));

        Assert.That(schedule.IsTransmissionDue(Ms(600), 1), Is.False);
        Assert.That(schedule.HasTimedOut(Ms(600)), Is.True);
    }

    [Test]
    public void The_next_wake_up_is_the_next_transmission_or_the_timeout_whichever_comes_first()
    {
        var schedule = new RetransmissionSchedule(new RetransmissionPolicy(Ms(450), Ms(100)));

        Assert.That(schedule.NextWakeUp(0), Is.EqualTo(TimeSpan.Zero));
        Assert.That(schedule.NextWakeUp(1), Is.EqualTo(Ms(100)));
        Assert.That(schedule.NextWakeUp(4), Is.EqualTo(Ms(400)));
        Assert.That(schedule.NextWakeUp(5), Is.EqualTo(Ms(450)));
        Assert.That(schedule.NextWakeUp(50), Is.EqualTo(Ms(450)));
    }

    [Test]
    public void A_policy_without_positive_periods_has_no_schedule()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionSchedule(new RetransmissionPolicy(TimeSpan.Zero, Ms(100))));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetransmissionSchedule(new RetransmissionPolicy(Ms(100), TimeSpan.Zero)));
    }
}
