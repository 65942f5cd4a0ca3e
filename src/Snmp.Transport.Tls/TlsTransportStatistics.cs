namespace Snmp.Transport.Tls;

/// <summary>
/// The snmpTlstmSessionStats counters of RFC 6353 section 7 (SNMP-TLS-TM-MIB) for one mapping,
/// and the messages it dropped for bad framing. Read them at any time; they only grow.
/// </summary>
public sealed class TlsTransportStatistics
{
    private long _sessionOpens;
    private long _sessionClientCloses;
    private long _sessionOpenErrors;
    private long _sessionAccepts;
    private long _sessionServerCloses;
    private long _sessionNoSessions;
    private long _invalidClientCertificates;
    private long _unknownServerCertificate;
    private long _invalidServerCertificates;
    private long _framingErrors;
    private long _messagesReceived;
    private long _messagesSent;

    // Only a mapping makes its counters; users read them through TlsTransportMapping.Statistics.
    internal TlsTransportStatistics()
    {
    }

    /// <summary>snmpTlstmSessionOpens: client sessions opened (handshake completed).</summary>
    public long SessionOpens => Interlocked.Read(ref _sessionOpens);

    /// <summary>snmpTlstmSessionClientCloses: client sessions closed (idle, by the peer, or on error).</summary>
    public long SessionClientCloses => Interlocked.Read(ref _sessionClientCloses);

    /// <summary>snmpTlstmSessionOpenErrors: client sessions that could not be opened (connection refused, handshake failure, timeout).</summary>
    public long SessionOpenErrors => Interlocked.Read(ref _sessionOpenErrors);

    /// <summary>snmpTlstmSessionAccepts: server sessions accepted (handshake completed, client certificate mapped).</summary>
    public long SessionAccepts => Interlocked.Read(ref _sessionAccepts);

    /// <summary>snmpTlstmSessionServerCloses: server sessions closed.</summary>
    public long SessionServerCloses => Interlocked.Read(ref _sessionServerCloses);

    /// <summary>snmpTlstmSessionNoSessions: outgoing messages dropped because tmSameSecurity named a session that is gone.</summary>
    public long SessionNoSessions => Interlocked.Read(ref _sessionNoSessions);

    /// <summary>snmpTlstmSessionInvalidClientCertificates: clients refused for their certificate (untrusted, expired, no tmSecurityName).</summary>
    public long SessionInvalidClientCertificates => Interlocked.Read(ref _invalidClientCertificates);

    /// <summary>snmpTlstmSessionUnknownServerCertificate: servers refused because their certificate's fingerprint is unknown and nothing else vouches for it.</summary>
    public long SessionUnknownServerCertificate => Interlocked.Read(ref _unknownServerCertificate);

    /// <summary>snmpTlstmSessionInvalidServerCertificates: servers refused for their certificate (untrusted, expired, wrong name).</summary>
    public long SessionInvalidServerCertificates => Interlocked.Read(ref _invalidServerCertificates);

    /// <summary>Sessions closed because the peer's stream was not SNMP messages back to back (a bad frame, a length over the limit, a message cut off or trickled).</summary>
    public long FramingErrors => Interlocked.Read(ref _framingErrors);

    /// <summary>Whole messages received and delivered.</summary>
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    /// <summary>Messages sent.</summary>
    public long MessagesSent => Interlocked.Read(ref _messagesSent);

    internal void SessionOpened() => Interlocked.Increment(ref _sessionOpens);

    internal void ClientSessionClosed() => Interlocked.Increment(ref _sessionClientCloses);

    internal void SessionOpenFailed() => Interlocked.Increment(ref _sessionOpenErrors);

    internal void SessionAccepted() => Interlocked.Increment(ref _sessionAccepts);

    internal void ServerSessionClosed() => Interlocked.Increment(ref _sessionServerCloses);

    internal void NoSession() => Interlocked.Increment(ref _sessionNoSessions);

    internal void InvalidClientCertificate() => Interlocked.Increment(ref _invalidClientCertificates);

    internal void UnknownServerCertificate() => Interlocked.Increment(ref _unknownServerCertificate);

    internal void InvalidServerCertificate() => Interlocked.Increment(ref _invalidServerCertificates);

    internal void FramingError() => Interlocked.Increment(ref _framingErrors);

    internal void MessageReceived() => Interlocked.Increment(ref _messagesReceived);

    internal void MessageSent() => Interlocked.Increment(ref _messagesSent);
}
