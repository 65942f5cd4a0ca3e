using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Snmp.Ber;
using Snmp.Transport.Tls;
using Snmp.Transport.Tls.Legacy;

namespace Snmp.Benchmarks;

/// <summary>
/// How a TLS session's read loop takes 100 SNMP messages of 120 octets (one per TLS record, as
/// peers send them) off the TLS stream: the message reader straight on the stream, which reads the
/// BER header one octet per read so as never to read past a message (the loop before
/// <see cref="SessionReadStream"/>), against the buffered read side, which takes what the stream
/// has decrypted in one read and frames from memory. Over .NET's SslStream (TLS 1.3, a loopback
/// TCP pair; the sending side's writes are in both figures) and over the TLS 1.0 opt-in's
/// stream (BouncyCastle's blocking stream behind BlockingStreamAdapter, whose every read is a
/// thread-pool hop; here over an in-memory stream of records, so the hops are what is measured).
/// </summary>
[MemoryDiagnoser]
public class TlsReadPathBenchmarks
{
    private const int Messages = 100;
    private const int MessageLength = 120;

    private readonly byte[] _message = Message();
    private RecordStream? _records;
    private Stream _session = null!;
    private SessionReadStream _buffered = null!;
    private X509Certificate2 _certificate = null!;
    private Socket _serverSocket = null!;
    private Socket _clientSocket = null!;
    private SslStream _server = null!;
    private SslStream _client = null!;

    [Params("SslStream TLS 1.3", "BouncyCastle (TLS 1.0 opt-in)")]
    public string Stream { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // One read side per session, as the read loop has.
        if (!Stream.StartsWith("SslStream", StringComparison.Ordinal))
        {
            _records = new RecordStream(_message, Messages);
            _session = new BlockingStreamAdapter(_records);
            _buffered = new SessionReadStream(_session, 16 * 1024);
            return;
        }

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=bench", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _clientSocket.Connect(listener.LocalEndPoint!);
        _serverSocket = listener.Accept();
        _server = new SslStream(new NetworkStream(_serverSocket, ownsSocket: false));
        _client = new SslStream(new NetworkStream(_clientSocket, ownsSocket: false), false, (_, _, _, _) => true);
        var accepted = _server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = SslProtocols.Tls13 });
        _client.AuthenticateAsClient(new SslClientAuthenticationOptions { TargetHost = "bench", EnabledSslProtocols = SslProtocols.Tls13 });
        accepted.GetAwaiter().GetResult();
        _session = _server;
        _buffered = new SessionReadStream(_server, 16 * 1024);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _server?.Dispose();
        _clientSocket?.Dispose();
        _serverSocket?.Dispose();
        _certificate?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<int> OneOctetHeaderReads()
    {
        await SendAsync();
        var reader = new BerStreamMessageReader(_session, 65535);
        var total = 0;
        for (var i = 0; i < Messages; i++)
        {
            total += (await reader.ReadMessageAsync(CancellationToken.None))!.Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<int> BufferedReads()
    {
        await SendAsync();
        var input = _buffered;
        var reader = new BerStreamMessageReader(input, 65535);
        var total = 0;
        for (var i = 0; i < Messages; i++)
        {
            // As the read loop: wait for the next octet, then read the message.
            await input.FillAsync(CancellationToken.None);
            total += (await reader.ReadMessageAsync(CancellationToken.None))!.Length;
        }

        return total;
    }

    // The 100 messages sent into the session.
    private async Task SendAsync()
    {
        if (_records is not null)
        {
            _records.Refill();
            return;
        }

        for (var i = 0; i < Messages; i++)
        {
            await _client.WriteAsync(_message);
        }

        await _client.FlushAsync();
    }

    private static byte[] Message()
    {
        var message = new byte[MessageLength];
        message[0] = 0x30;
        message[1] = MessageLength - 2;
        return message;
    }

    /// <summary>A blocking stream handing out one message (one TLS record's plaintext) per read, as BouncyCastle's TLS stream does.</summary>
    private sealed class RecordStream(byte[] message, int count) : System.IO.Stream
    {
        private readonly int _count = count;
        private int _left = count;
        private int _offset;

        public void Refill() => _left = _count;

        public override int Read(byte[] buffer, int offset, int length) => Read(buffer.AsSpan(offset, length));

        public override int Read(Span<byte> buffer)
        {
            if (_left == 0)
            {
                return 0;
            }

            var n = Math.Min(buffer.Length, message.Length - _offset);
            message.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            if (_offset == message.Length)
            {
                _offset = 0;
                _left--;
            }

            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
