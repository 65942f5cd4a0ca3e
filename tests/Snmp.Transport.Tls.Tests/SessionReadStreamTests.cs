using Snmp.Ber;

namespace Snmp.Transport.Tls.Tests;

/// <summary>
/// The buffered read side of a TLS session under the BER message reader: a message costs one
/// read of the TLS stream (which hands out at most a record's plaintext per read), not one per
/// header octet, and messages still come out whole and in order, whatever the record boundaries.
/// </summary>
[TestFixture]
public sealed class SessionReadStreamTests
{
    private const int BufferSize = 16 * 1024;

    private static byte[] Message(int contentLength, byte fill) =>
    [
        .. contentLength switch
        {
            < 0x80 => new byte[] { 0x30, (byte)contentLength },
            < 0x100 => [0x30, 0x81, (byte)contentLength],
            _ => [0x30, 0x82, (byte)(contentLength >> 8), (byte)contentLength],
        },
        .. Enumerable.Repeat(fill, contentLength),
    ];

    [Test]
    public async Task A_message_in_one_record_costs_one_read_of_the_session()
    {
        byte[][] messages = [Message(90, 1), Message(200, 2), Message(1400, 3)];
        var records = new RecordStream(messages);
        var input = new SessionReadStream(records, BufferSize);
        var reader = new BerStreamMessageReader(input, 65535);

        foreach (var expected in messages)
        {
            Assert.That(await input.FillAsync(CancellationToken.None), Is.True);
            Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(expected));
        }

        Assert.That(records.Reads, Is.EqualTo(3), "one read per message; the one-octet header reads come from memory");
        Assert.That(await input.FillAsync(CancellationToken.None), Is.False, "the end of the session");
    }

    [Test]
    public async Task Several_messages_in_one_record_come_out_whole_from_one_read()
    {
        byte[][] messages = [Message(5, 1), Message(130, 2), Message(0, 3)];
        var records = new RecordStream([[.. messages.SelectMany(m => m)]]);
        var input = new SessionReadStream(records, BufferSize);
        var reader = new BerStreamMessageReader(input, 65535);

        foreach (var expected in messages)
        {
            Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(expected));
        }

        Assert.That(records.Reads, Is.EqualTo(1));
        Assert.That(input.Buffered.IsEmpty, Is.True);
    }

    [Test]
    public async Task A_message_split_across_records_and_larger_than_the_buffer_is_read_whole()
    {
        var large = Message(40_000, 7);
        var small = Message(3, 8);
        // A header cut in two, the rest of the large message in record-sized pieces, the small one after it.
        byte[][] records = [large[..1], large[1..3], .. large[3..].Chunk(16 * 1024), small];
        var input = new SessionReadStream(new RecordStream(records), BufferSize);
        var reader = new BerStreamMessageReader(input, 65535);

        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(large));
        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(small));
        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public void The_session_ending_inside_a_buffered_message_is_Truncated()
    {
        var input = new SessionReadStream(new RecordStream([Message(50, 1)[..20]]), BufferSize);
        var reader = new BerStreamMessageReader(input, 65535);

        var error = Assert.ThrowsAsync<SnmpFramingException>(async () => await reader.ReadMessageAsync(CancellationToken.None));
        Assert.That(error!.Error, Is.EqualTo(SnmpFramingError.Truncated));
    }

    [Test]
    public void Synchronous_reads_are_buffered_too()
    {
        var records = new RecordStream([[1, 2, 3, 4, 5]]);
        var input = new SessionReadStream(records, BufferSize);
        var buffer = new byte[2];

        Assert.That(input.Read(buffer), Is.EqualTo(2));
        Assert.That(input.Read(buffer), Is.EqualTo(2));
        Assert.That(input.Read(buffer), Is.EqualTo(1));
        Assert.That(input.Read(buffer), Is.Zero);
        Assert.That(records.Reads, Is.EqualTo(2), "one read for the record, one for the end");
    }

    /// <summary>A TLS stream as the read loop sees it: each read hands out at most what is left of one record, and counts.</summary>
    private sealed class RecordStream(IEnumerable<byte[]> records) : Stream
    {
        private readonly Queue<byte[]> _records = new(records);
        private byte[] _current = [];
        private int _offset;

        public int Reads { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            if (_offset == _current.Length)
            {
                if (!_records.TryDequeue(out _current!))
                {
                    _current = [];
                    return 0;
                }

                _offset = 0;
            }

            var count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsSpan(_offset, count).CopyTo(buffer);
            _offset += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

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
