namespace Snmp.Transport.Tls;

/// <summary>
/// A certificate fingerprint (RFC 6353 SnmpTLSFingerprint): a hash algorithm and the hash of the
/// certificate's DER encoding. Placeholder for the TLS work to complete (parsing "AA:BB:..", the
/// RFC's hashAlgorithm octet, comparison by value).
/// </summary>
public sealed record CertificateFingerprint(string HashAlgorithm, ReadOnlyMemory<byte> Hash);
