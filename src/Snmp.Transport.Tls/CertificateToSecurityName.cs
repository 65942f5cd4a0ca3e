namespace Snmp.Transport.Tls;

/// <summary>
/// One row of snmpTlstmCertToTSNTable (RFC 6353 7.1). Placeholder for the TLS work to complete
/// (the map types specified, san_rfc822Name, san_dNSName, san_ipAddress, san_any, common_name).
/// </summary>
public sealed record CertificateToSecurityName(CertificateFingerprint Fingerprint, string MapType, string? Data = null);
