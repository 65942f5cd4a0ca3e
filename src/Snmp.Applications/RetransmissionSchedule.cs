namespace Snmp.Applications;

/// <summary>
/// When one request is sent and when it times out, measured from its first transmission: a
/// transmission is due at 0, R, 2R, ... (R the <see cref="RetransmissionPolicy.RefreshPeriod"/>)
/// strictly before the <see cref="RetransmissionPolicy.Timeout"/>, and the request has timed out
/// once the timeout has passed.
/// </summary>
/// <remarks>
/// The schedule answers from the elapsed time and the number of transmissions so far, never from
/// how often a timer fired: timers may fire early or late, and counting wake-ups once made an
/// early timer near the deadline resend in a tight loop. It holds no clock, so it can be tested
/// without one.
/// </remarks>
internal readonly struct RetransmissionSchedule
{
    private readonly RetransmissionPolicy _policy;

    /// <summary>The schedule of <paramref name="policy"/>, which must be valid.</summary>
    public RetransmissionSchedule(RetransmissionPolicy policy)
    {
        policy.Validate();
        _policy = policy;
    }

    /// <summary>Whether the request has run out of time <paramref name="elapsed"/> after its first transmission.</summary>
    public bool HasTimedOut(TimeSpan elapsed) => elapsed >= _policy.Timeout;

    /// <summary>
    /// Whether a transmission is due <paramref name="elapsed"/> after the first one, when
    /// <paramref name="transmissions"/> have been made (0 before the first).
    /// </summary>
    public bool IsTransmissionDue(TimeSpan elapsed, int transmissions) =>
        !HasTimedOut(elapsed) && elapsed >= ScheduledTransmission(transmissions);

    /// <summary>
    /// When, measured from the first transmission, there is next something to do after
    /// <paramref name="transmissions"/> transmissions: the next scheduled one, or the timeout if
    /// that comes first.
    /// </summary>
    public TimeSpan NextWakeUp(int transmissions)
    {
        var next = ScheduledTransmission(transmissions);
        return next < _policy.Timeout ? next : _policy.Timeout;
    }

    private TimeSpan ScheduledTransmission(int n) => _policy.RefreshPeriod * n;
}
