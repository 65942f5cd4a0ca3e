using Snmp.Ber;

namespace Snmp.Core.Tests.Ber;

[TestFixture]
public class BerFramingTests
{
    [TestCase(new byte[] { 0x30, 0x00 }, 2L)]
    [TestCase(new byte[] { 0x30, 0x7F }, 129L)]
    [TestCase(new byte[] { 0x30, 0x81, 0x80 }, 131L)]
    [TestCase(new byte[] { 0x30, 0x81, 0x05 }, 8L)] // a non-minimal long form, as BerReader accepts
    [TestCase(new byte[] { 0x30, 0x82, 0x01, 0x00 }, 260L)]
    [TestCase(new byte[] { 0x30, 0x83, 0x01, 0x00, 0x00 }, 65541L)]
    [TestCase(new byte[] { 0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF }, 6L + 0x7FFFFFFF)]
    [TestCase(new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF }, 6L + 0xFFFFFFFF)]
    [TestCase(new byte[] { 0x30, 0x02, 0x05, 0x00, 0x30 }, 4L)] // what follows the header does not matter
    public void A_whole_header_gives_the_whole_messages_length(byte[] buffer, long expected)
    {
        Assert.That(BerFraming.TryGetMessageLength(buffer, out long length), Is.EqualTo(BerFrameStatus.Complete));
        Assert.That(length, Is.EqualTo(expected));
    }

    [TestCase(new byte[] { })]
    [TestCase(new byte[] { 0x30 })]
    [TestCase(new byte[] { 0x30, 0x81 })]
    [TestCase(new byte[] { 0x30, 0x82, 0x01 })]
    [TestCase(new byte[] { 0x30, 0x84, 0x00, 0x00, 0x01 })]
    public void A_buffer_ending_inside_the_header_needs_more_data(byte[] buffer)
    {
        Assert.That(BerFraming.TryGetMessageLength(buffer, out long length), Is.EqualTo(BerFrameStatus.NeedMoreData));
        Assert.That(length, Is.Zero);
    }

    [TestCase(new byte[] { 0x02, 0x01, 0x00 })]
    [TestCase(new byte[] { 0xA0, 0x00 })]
    [TestCase(new byte[] { 0x31, 0x00 })]
    [TestCase(new byte[] { 0x30, 0x80 })] // indefinite form (RFC 3417 section 8)
    [TestCase(new byte[] { 0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00 })]
    [TestCase(new byte[] { 0x30, 0xFF })] // reserved (X.690 8.1.3.5)
    [TestCase(new byte[] { 0x00 })]
    public void Octets_no_message_can_start_with_are_malformed(byte[] buffer)
    {
        Assert.That(BerFraming.TryGetMessageLength(buffer, out long length), Is.EqualTo(BerFrameStatus.Malformed));
        Assert.That(length, Is.Zero);
    }
}

[TestFixture]
public class BerStreamMessageReaderTests
{
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
    public async Task Reads_messages_back_to_back_then_null_at_a_clean_end()
    {
        var first = Message(0, 0);
        var second = Message(200, 2);
        var third = Message(3000, 3);
        var reader = new BerStreamMessageReader(new MemoryStream([.. first, .. second, .. third]), 65535);

        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(first));
        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(second));
        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(third));
        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_stream_that_gives_one_octet_per_read_is_read_the_same_and_never_past_a_message()
    {
        var messages = new[] { Message(5, 1), Message(300, 2), Message(1, 3) };
        var stream = new OneOctetStream([.. messages.SelectMany(m => m)]);
        var reader = new BerStreamMessageReader(stream, 65535);

        foreach (var expected in messages)
        {
            Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(expected));
            Assert.That(stream.Position, Is.EqualTo(messages.TakeWhile(m => m != expected).Sum(m => m.Length) + expected.Length), "not an octet past the message");
        }

        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_message_of_exactly_the_limit_is_read_and_one_octet_more_is_TooLarge()
    {
        var atLimit = Message(296, 7); // 300 octets with its 4-octet header
        Assert.That(await new BerStreamMessageReader(new MemoryStream(atLimit), 300).ReadMessageAsync(CancellationToken.None), Is.EqualTo(atLimit));

        var error = Assert.ThrowsAsync<SnmpFramingException>(async () => await new BerStreamMessageReader(new MemoryStream(Message(297, 7)), 300).ReadMessageAsync(CancellationToken.None));
        Assert.That(error!.Error, Is.EqualTo(SnmpFramingError.TooLarge));
    }

    [Test]
    public void A_2_GB_length_is_TooLarge_before_anything_is_read_or_allocated()
    {
        var stream = new OneOctetStream([0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x02, 0x01, 0x00]);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.ThrowsAsync<SnmpFramingException>(async () => await new BerStreamMessageReader(stream, 65535).ReadMessageAsync(CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(SnmpFramingError.TooLarge));
        Assert.That(error.Message, Does.Contain("2147483653").And.Contain("65535"));
        Assert.That(stream.Position, Is.EqualTo(6), "only the header was read");
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, Is.LessThan(1_000_000));
    }

    [TestCase(new byte[] { 0x30 }, "header")]
    [TestCase(new byte[] { 0x30, 0x82, 0x01 }, "header")]
    [TestCase(new byte[] { 0x30, 0x05, 0x02, 0x01 }, "4 of")]
    public void An_end_of_stream_inside_a_message_is_Truncated(byte[] octets, string detail)
    {
        var error = Assert.ThrowsAsync<SnmpFramingException>(async () => await new BerStreamMessageReader(new MemoryStream(octets), 65535).ReadMessageAsync(CancellationToken.None));
        Assert.That(error!.Error, Is.EqualTo(SnmpFramingError.Truncated));
        Assert.That(error.Message, Does.Contain(detail));
    }

    [Test]
    public async Task An_end_of_stream_after_a_whole_message_and_part_of_the_next_is_Truncated_after_the_first()
    {
        var reader = new BerStreamMessageReader(new MemoryStream([.. Message(3, 1), 0x30, 0x10, 0x00]), 65535);
        Assert.That(await reader.ReadMessageAsync(CancellationToken.None), Is.EqualTo(Message(3, 1)));
        var error = Assert.ThrowsAsync<SnmpFramingException>(async () => await reader.ReadMessageAsync(CancellationToken.None));
        Assert.That(error!.Error, Is.EqualTo(SnmpFramingError.Truncated));
    }

    [TestCase(new byte[] { 0xFF, 0x00 })]
    [TestCase(new byte[] { 0x30, 0x80, 0x00, 0x00 })]
    [TestCase(new byte[] { 0x30, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 })]
    public void Octets_that_cannot_start_a_message_are_Malformed(byte[] octets)
    {
        var error = Assert.ThrowsAsync<SnmpFramingException>(async () => await new BerStreamMessageReader(new MemoryStream(octets), 65535).ReadMessageAsync(CancellationToken.None));
        Assert.That(error!.Error, Is.EqualTo(SnmpFramingError.Malformed));
    }

    [Test]
    public void A_cancelled_read_throws_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.CatchAsync<OperationCanceledException>(async () => await new BerStreamMessageReader(new MemoryStream(Message(3, 1)), 65535).ReadMessageAsync(cancelled.Token));
    }

    [Test]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => new BerStreamMessageReader(null!, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BerStreamMessageReader(new MemoryStream(), 1));
    }

    /// <summary>A stream that hands out at most one octet per read, as a slow peer's TCP may.</summary>
    private sealed class OneOctetStream(byte[] octets) : MemoryStream(octets)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 1)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 1), cancellationToken);
    }
}
