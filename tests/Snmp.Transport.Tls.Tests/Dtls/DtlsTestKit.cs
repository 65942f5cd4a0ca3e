using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Snmp.AbstractServices;
using Snmp.Transport.Tls.Dtls;

namespace Snmp.Transport.Tls.Tests.Dtls;

/// <summary>Certificates, options and mappings for the DTLS tests, and a bounded wait for what happens on other threads.</summary>
internal static class DtlsTestKit
{
    /// <summary>How long a test waits for something another thread or process does; only a hang exceeds it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static TlsTransportOptions ServerOptions(X509Certificate2 ca, X509Certificate2 certificate, TimeProvider? time = null, TimeSpan? handshakeTimeout = null) => new()
    {
        LocalCertificate = certificate,
        TrustAnchors = [ca],
        CertificateToSecurityName = [new CertificateToSecurityName(TestPki.Sha256(ca), CertificateMapType.CommonName)],
        TimeProvider = time ?? TimeProvider.System,
        HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
    };

    public static TlsTransportOptions ClientOptions(X509Certificate2 ca, X509Certificate2 certificate, TimeProvider? time = null, TimeSpan? handshakeTimeout = null) => new()
    {
        LocalCertificate = certificate,
        TrustAnchors = [ca],
        TimeProvider = time ?? TimeProvider.System,
        HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10),
    };

    public static DtlsTransportMapping Mapping(TlsTransportOptions options) =>
        new(new IPEndPoint(IPAddress.Loopback, 0), new TlsPeerVerifier(options), NullLogger.Instance);

    /// <summary>A message to <paramref name="to"/> as <paramref name="securityName"/> (client role).</summary>
    public static TransportStateReference To(EndPoint to, string securityName) =>
        new(TransportDomain.DtlsUdp, to) { SecurityName = securityName, RequestedSecurityLevel = Snmp.SecurityLevel.AuthPriv };

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <see cref="Patience"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not within {Patience.TotalSeconds} s: {what}");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>What a started mapping received, in order.</summary>
internal sealed class Inbox
{
    private readonly Channel<(byte[] Message, TransportStateReference Reference)> _messages = Channel.CreateUnbounded<(byte[], TransportStateReference)>();

    public static Inbox StartOn(ITransportMapping mapping)
    {
        var inbox = new Inbox();
        mapping.Start((message, reference) => inbox._messages.Writer.TryWrite((message.ToArray(), reference)));
        return inbox;
    }

    public async Task<(byte[] Message, TransportStateReference Reference)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(DtlsTestKit.Patience);
        try
        {
            return await _messages.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No message within {DtlsTestKit.Patience.TotalSeconds} s.");
            throw;
        }
    }

    public bool TryTake(out (byte[] Message, TransportStateReference Reference) item) => _messages.Reader.TryRead(out item);
}

/// <summary>
/// A DTLS client made of the mapping's parts but driven by the test: its socket is the test's, so
/// the test can send raw datagrams from the session's own address, or stop sending mid-handshake.
/// </summary>
internal sealed class RawDtlsClient : IDisposable
{
    private readonly Socket _socket;
    private readonly ConnectedDatagramTransport _transport;
    private readonly LossyTransport _lossy;

    public RawDtlsClient(EndPoint server, TlsTransportOptions options, int sendsBeforeSilence = int.MaxValue)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _socket.Connect(server);
        _transport = new ConnectedDatagramTransport(_socket);
        _lossy = new LossyTransport(_transport, sendsBeforeSilence);
        var crypto = new BcTlsCrypto(new SecureRandom());
        var policy = DtlsPeerPolicy.From(new TlsPeerVerifier(options));
        Client = new SnmpDtlsClient(crypto, policy, DtlsLocalIdentity.Create(options.LocalCertificate!, crypto), NullLogger.Instance, (int)options.HandshakeTimeout.TotalMilliseconds);
    }

    public SnmpDtlsClient Client { get; }

    public int SendsMade => _lossy.Sends;

    /// <summary>Every datagram the client received, in order.</summary>
    public IReadOnlyCollection<byte[]> Received => _lossy.Received;

    public DtlsTransport Connect() => new DtlsClientProtocol().Connect(Client, _lossy);

    /// <summary>Sends raw bytes from the session's address.</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.Send(datagram);

    public void Dispose()
    {
        _transport.Close();
        _socket.Dispose();
    }

    /// <summary>Passes the first sends, then swallows every later one: a client that walks away mid-handshake. Keeps a copy of what it receives.</summary>
    private sealed class LossyTransport(DatagramTransport inner, int sendsBeforeSilence) : DatagramTransport
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> _received = new();
        private int _sends;

        public int Sends => Volatile.Read(ref _sends);

        public IReadOnlyCollection<byte[]> Received => _received;

        public int GetReceiveLimit() => inner.GetReceiveLimit();

        public int GetSendLimit() => inner.GetSendLimit();

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            var received = inner.Receive(buffer, waitMillis);
            if (received > 0)
            {
                _received.Enqueue(buffer[..received].ToArray());
            }

            return received;
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer)
        {
            if (Interlocked.Increment(ref _sends) <= sendsBeforeSilence)
            {
                inner.Send(buffer);
            }
        }

        public void Close() => inner.Close();
    }
}
