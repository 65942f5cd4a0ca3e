using System.Net;
using Snmp.Pdus;

namespace Snmp.Applications;

/// <summary>
/// The informs a notification receiver has recently answered, keyed by (transportAddress,
/// securityName, request-id): an originator retransmits an unanswered InformRequest with the
/// same request-id (RFC 3413 section 3.3; SNMPv3 gives each retransmission a new msgID), so a
/// second copy names an inform already delivered. Bounded in count and age; thread-safe.
/// </summary>
internal sealed class AnsweredInforms
{
    /// <summary>How many answered informs are remembered; the oldest is forgotten first.</summary>
    public const int Capacity = 4096;

    /// <summary>
    /// How long an answered inform is remembered: longer than an originator's whole
    /// retransmission schedule (RFC 3413 leaves it to the originator; net-snmp's default is
    /// 1 s times 6 sends), so a late retransmission is still recognised.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);

    private readonly TimeProvider _clock;
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Queue<Key> _order = new();
    private readonly Lock _lock = new();

    public AnsweredInforms(TimeProvider clock) => _clock = clock;

    /// <summary>The Response sent to the inform with this source, securityName and <paramref name="requestId"/>, if it was answered within <see cref="MaxAge"/>.</summary>
    public bool TryGetResponse(EndPoint source, OctetString securityName, int requestId, out Pdu response)
    {
        lock (_lock)
        {
            Expire();
            if (_entries.TryGetValue(new Key(source, securityName, requestId), out var entry))
            {
                response = entry.Response;
                return true;
            }
        }

        response = null!;
        return false;
    }

    /// <summary>Remembers that the inform was answered with <paramref name="response"/>.</summary>
    public void Add(EndPoint source, OctetString securityName, int requestId, Pdu response)
    {
        var key = new Key(source, securityName, requestId);
        lock (_lock)
        {
            Expire();
            if (_entries.TryAdd(key, new Entry(response, _clock.GetTimestamp())))
            {
                _order.Enqueue(key);
            }

            while (_entries.Count > Capacity)
            {
                _entries.Remove(_order.Dequeue());
            }
        }
    }

    private void Expire()
    {
        var now = _clock.GetTimestamp();
        while (_order.TryPeek(out var oldest) && _clock.GetElapsedTime(_entries[oldest].AnsweredAt, now) > MaxAge)
        {
            _entries.Remove(_order.Dequeue());
        }
    }

    private readonly record struct Key(EndPoint Source, OctetString SecurityName, int RequestId);

    private sealed record Entry(Pdu Response, long AnsweredAt);
}
