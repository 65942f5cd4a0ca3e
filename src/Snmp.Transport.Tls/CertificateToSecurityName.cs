using System.Formats.Asn1;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Snmp.Transport.Tls;

/// <summary>
/// snmpTlstmCertToTSNMapType (RFC 6353 section 7, the snmpTlstmCertToTSNMIdentities): how the
/// certificate of a row that matched becomes a tmSecurityName. The values are the last arcs of
/// the identities' OIDs.
/// </summary>
public enum CertificateMapType
{
    /// <summary>snmpTlstmCertSpecified: the row's <see cref="CertificateToSecurityName.Data"/> is the tmSecurityName.</summary>
    Specified = 1,

    /// <summary>snmpTlstmCertSANRFC822Name: the first subjectAltName rfc822Name, its domain part lower-cased ("Joe@Example.COM" -> "Joe@example.com").</summary>
    SanRfc822Name = 2,

    /// <summary>snmpTlstmCertSANDNSName: the first subjectAltName dNSName, lower-cased.</summary>
    SanDnsName = 3,

    /// <summary>snmpTlstmCertSANIpAddress: the first subjectAltName iPAddress, IPv4 as "192.0.2.1", IPv6 as 32 lower-case hex digits without colons.</summary>
    SanIpAddress = 4,

    /// <summary>snmpTlstmCertSANAny: the first subjectAltName that is an rfc822Name, dNSName or iPAddress, mapped as that type is.</summary>
    SanAny = 5,

    /// <summary>snmpTlstmCertCommonName: the subject's CommonName in UTF-8 (deprecated by RFC 6353, still what Net-SNMP's --cn does).</summary>
    CommonName = 6,
}

/// <summary>
/// One row of snmpTlstmCertToTSNTable (RFC 6353 section 7.1 and the table's DESCRIPTION): a row
/// applies to a client whose certificate, or a certificate of its verified chain (a CA), has
/// <see cref="Fingerprint"/>; it then maps the client's own certificate by
/// <see cref="MapType"/>. Rows are tried in order (snmpTlstmCertToTSNID); a row whose mapping
/// gives nothing (no such subjectAltName, or a name longer than an SnmpAdminString's 32 octets)
/// passes to the next. Net-SNMP writes these as "certSecName PRIORITY FINGERPRINT --cn" and so on.
/// </summary>
/// <param name="Fingerprint">snmpTlstmCertToTSNFingerprint.</param>
/// <param name="MapType">snmpTlstmCertToTSNMapType.</param>
/// <param name="Data">snmpTlstmCertToTSNData: the tmSecurityName for <see cref="CertificateMapType.Specified"/>, unused otherwise.</param>
public sealed record CertificateToSecurityName(CertificateFingerprint Fingerprint, CertificateMapType MapType, string? Data = null)
{
    private const int MaxSecurityNameLength = 32;

    /// <summary>
    /// Maps <paramref name="certificate"/> by <see cref="MapType"/>: the tmSecurityName, or null
    /// when this row's mapping finds nothing in it (the next row is then tried).
    /// Does not check <see cref="Fingerprint"/>.
    /// </summary>
    public OctetString? Map(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var name = MapType switch
        {
            CertificateMapType.Specified => Data,
            CertificateMapType.CommonName => CommonNameOf(certificate),
            CertificateMapType.SanRfc822Name or CertificateMapType.SanDnsName or CertificateMapType.SanIpAddress or CertificateMapType.SanAny =>
                SubjectAltNames(certificate).Where(san => Accepts(san.Type)).Select(MapSan).FirstOrDefault(),
            _ => null,
        };
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var octets = Encoding.UTF8.GetBytes(name);
        return octets.Length > MaxSecurityNameLength ? null : new OctetString(octets);
    }

    private bool Accepts(SanType type) => MapType switch
    {
        CertificateMapType.SanRfc822Name => type == SanType.Rfc822Name,
        CertificateMapType.SanDnsName => type == SanType.DnsName,
        CertificateMapType.SanIpAddress => type == SanType.IpAddress,
        _ => true,
    };

    private static string? MapSan((SanType Type, string? Text, byte[]? Address) san) => san.Type switch
    {
        SanType.Rfc822Name when san.Text is { } mail && mail.LastIndexOf('@') is var at and > 0 =>
            string.Concat(mail.AsSpan(0, at + 1), mail[(at + 1)..].ToLowerInvariant()),
        SanType.Rfc822Name => san.Text,
        SanType.DnsName => san.Text?.ToLowerInvariant(),
        SanType.IpAddress when san.Address is { Length: 4 } v4 => new IPAddress(v4).ToString(),
        SanType.IpAddress when san.Address is { Length: 16 } v6 => Convert.ToHexStringLower(v6),
        _ => null,
    };

    private static string? CommonNameOf(X509Certificate2 certificate)
    {
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == "2.5.4.3")
            {
                return rdn.GetSingleElementValue();
            }
        }

        return null;
    }

    private enum SanType { Rfc822Name, DnsName, IpAddress }

    // RFC 5280 4.2.1.6 GeneralNames, read in the certificate's order: rfc822Name [1] IA5String,
    // dNSName [2] IA5String, iPAddress [7] OCTET STRING; other choices are skipped.
    private static IEnumerable<(SanType Type, string? Text, byte[]? Address)> SubjectAltNames(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions["2.5.29.17"];
        if (extension is null)
        {
            return [];
        }

        var names = new List<(SanType, string?, byte[]?)>();
        try
        {
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    sequence.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1:
                        names.Add((SanType.Rfc822Name, sequence.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 1)), null));
                        break;
                    case 2:
                        names.Add((SanType.DnsName, sequence.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 2)), null));
                        break;
                    case 7:
                        names.Add((SanType.IpAddress, null, sequence.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 7))));
                        break;
                    default:
                        sequence.ReadEncodedValue();
                        break;
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed subjectAltName maps to nothing; the names read before the fault stand.
        }

        return names;
    }

    /// <summary>Net-SNMP's spelling of the row ("FINGERPRINT --cn" and so on), for logs.</summary>
    public override string ToString() => MapType switch
    {
        CertificateMapType.Specified => string.Create(CultureInfo.InvariantCulture, $"{Fingerprint} --sn {Data}"),
        CertificateMapType.SanRfc822Name => $"{Fingerprint} --rfc822",
        CertificateMapType.SanDnsName => $"{Fingerprint} --dns",
        CertificateMapType.SanIpAddress => $"{Fingerprint} --ip",
        CertificateMapType.SanAny => $"{Fingerprint} --any",
        _ => $"{Fingerprint} --cn",
    };
}
