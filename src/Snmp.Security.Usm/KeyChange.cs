namespace Snmp.Security.Usm;

/// <summary>
/// The KeyChange textual convention of SNMP-USER-BASED-SM-MIB (RFC 3414 section 5): a new
/// localised key sent as a random component followed by a delta, each as long as the key, so
/// that the key itself never crosses the wire. Both sides run the same one-way function over the
/// old key and the random component with the hash of the user's authentication protocol.
/// </summary>
public static class KeyChange
{
    /// <summary>
    /// The receiver's side: the new key that <paramref name="keyChange"/> (random || delta)
    /// makes of <paramref name="oldKey"/>, or null when its length is not twice the key's
    /// (wrongLength for usmUserAuthKeyChange and its siblings).
    /// </summary>
    /// <param name="hash">The user's authentication protocol, whose hash the function uses (for privacy keys too).</param>
    /// <param name="oldKey">The localised key being changed.</param>
    /// <param name="keyChange">The value written: random component then delta, each <c>oldKey.Length</c> octets.</param>
    public static byte[]? Apply(AuthenticationProtocol hash, ReadOnlySpan<byte> oldKey, ReadOnlySpan<byte> keyChange)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (oldKey.IsEmpty || keyChange.Length != 2 * oldKey.Length)
        {
            return null;
        }

        return Transform(hash, oldKey, keyChange[..oldKey.Length], keyChange[oldKey.Length..]);
    }

    /// <summary>
    /// The requester's side: the value to write for changing <paramref name="oldKey"/> into
    /// <paramref name="newKey"/> (same length), with <paramref name="random"/> as its random
    /// component (as long as the key; from a random generator).
    /// </summary>
    /// <exception cref="ArgumentException">The keys or the random component differ in length.</exception>
    public static byte[] Compute(AuthenticationProtocol hash, ReadOnlySpan<byte> oldKey, ReadOnlySpan<byte> newKey, ReadOnlySpan<byte> random)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (oldKey.Length != newKey.Length || random.Length != oldKey.Length || oldKey.IsEmpty)
        {
            throw new ArgumentException("The old key, the new key and the random component must be of one (non-zero) length.", nameof(random));
        }

        // XOR is its own inverse: delta = the same stream XOR newKey.
        var delta = Transform(hash, oldKey, random, newKey);
        return [.. random, .. delta];
    }

    private static byte[] Transform(AuthenticationProtocol hash, ReadOnlySpan<byte> oldKey, ReadOnlySpan<byte> random, ReadOnlySpan<byte> input)
    {
        int digestLength = hash.DigestLength;
        var result = new byte[input.Length];
        byte[] temp = oldKey.ToArray();
        // iterations = (lenOfDelta - 1) / L full digests, then one more for the rest (RFC 3414 section 5).
        int iterations = (input.Length - 1) / digestLength;
        for (int i = 0; i <= iterations; i++)
        {
            temp = hash.Hash([.. temp, .. random]);
            int offset = i * digestLength;
            int count = Math.Min(digestLength, input.Length - offset);
            for (int k = 0; k < count; k++)
            {
                result[offset + k] = (byte)(temp[k] ^ input[offset + k]);
            }
        }

        return result;
    }
}
