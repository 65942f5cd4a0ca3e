using Snmp.AbstractServices;

namespace Snmp;

/// <summary>
/// Generates the authenticationFailure notification (SNMPv2-MIB, RFC 3418) when a request fails
/// authentication: an unknown community (snmpInBadCommunityNames, RFC 3584 5.2.1) or a USM wrong
/// digest (usmStatsWrongDigests, RFC 3414 3.2 step 6), while snmpEnableAuthenTraps is
/// enabled(1). At most one per <see cref="MinimumInterval"/>, so a flood of bad packets is not
/// a flood of traps; the failures in between are only counted.
/// </summary>
internal sealed class AuthenticationFailureTrap(Func<bool> enabled, Func<ObjectIdentifier, Task> send, TimeProvider time)
{
    /// <summary>authenticationFailure (RFC 3418): 1.3.6.1.6.3.1.1.5.5.</summary>
    public static readonly ObjectIdentifier AuthenticationFailure = new(1, 3, 6, 1, 6, 3, 1, 1, 5, 5);

    /// <summary>The rate bound: one authenticationFailure per second at most.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(1);

    private long _lastSentTimestamp = long.MinValue;

    /// <summary>The dispatcher's drop hook.</summary>
    public void OnMessageDropped(MessageDroppedException dropped)
    {
        if (dropped.Counter is not (SnmpCounter.SnmpInBadCommunityNames or SnmpCounter.UsmStatsWrongDigests) || !enabled())
        {
            return;
        }

        long now = time.GetTimestamp();
        long last = Interlocked.Read(ref _lastSentTimestamp);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < MinimumInterval)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _lastSentTimestamp, now, last) == last)
        {
            // Off the receiving thread: the dispatcher goes on with the next message.
            _ = Task.Run(() => send(AuthenticationFailure));
        }
    }
}
