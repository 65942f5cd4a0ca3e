using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcCertificate = Org.BouncyCastle.Tls.Certificate;
using BcCertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;

namespace Snmp.Transport.Tls.Dtls;

/// <summary>The DTLS 1.2 cipher suites offered and accepted: ephemeral ECDH, AES-GCM first, then AES-CBC with SHA-2 MACs.</summary>
internal static class DtlsCipherSuites
{
    public static readonly int[] Rsa =
    [
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
    ];

    public static readonly int[] Ecdsa =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
    ];

    public static readonly int[] All = [.. Ecdsa, .. Rsa];
}

/// <summary>
/// The client side of one DTLS session (RFC 6353 5.3.1): DTLS 1.2 only, this engine's certificate
/// for the server's CertificateRequest, and the server's certificate checked by the policy.
/// </summary>
internal sealed class SnmpDtlsClient(BcTlsCrypto crypto, DtlsPeerPolicy policy, DtlsLocalIdentity? identity, ILogger logger, int handshakeTimeoutMillis)
    : DefaultTlsClient(crypto)
{
    /// <summary>Why the server was refused, when it was.</summary>
    public string? Failure { get; private set; }

    /// <summary>Whether the policy refused the server's certificate (snmpTlstmSessionInvalidServerCertificates).</summary>
    public bool CertificateRefused { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCipherSuites.All;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    public override bool IgnoreCorruptDtlsRecords => true;

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        logger.LogDebug("DTLS client raised {Level} alert {Alert}: {Message}", AlertLevel.GetText(alertLevel), AlertDescription.GetText(alertDescription), message ?? cause?.Message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        logger.LogDebug("DTLS client received {Level} alert {Alert}", AlertLevel.GetText(alertLevel), AlertDescription.GetText(alertDescription));

    private sealed class Authentication(SnmpDtlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var (leaf, chain) = DtlsLocalIdentity.ToX509(serverCertificate?.Certificate);
            try
            {
                if (!client.VerifyServer(leaf, chain, out var failure))
                {
                    client.Failure = failure ?? "the server's certificate was refused";
                    client.CertificateRefused = true;
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, client.Failure);
                }
            }
            finally
            {
                foreach (var certificate in chain)
                {
                    certificate.Dispose();
                }
            }
        }

        public TlsCredentials GetClientCredentials(BcCertificateRequest certificateRequest)
        {
            if (client.Identity is null)
            {
                client.Failure = "the server asks for a client certificate and no local certificate is configured";
                return null!;
            }

            return client.Identity.CreateSigner(client.m_context, client.BcCrypto, certificateRequest.SupportedSignatureAlgorithms);
        }
    }

    private DtlsLocalIdentity? Identity => identity;

    private BcTlsCrypto BcCrypto => crypto;

    private bool VerifyServer(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain, out string? failure)
    {
        try
        {
            return policy.VerifyServer(leaf, chain, out failure);
        }
        catch (Exception e) when (e is not TlsFatalAlert)
        {
            failure = $"the server's certificate could not be checked: {e.Message}";
            return false;
        }
    }
}

/// <summary>
/// The server side of one DTLS session (RFC 6353 5.3.2): DTLS 1.2 only, the suites this engine's
/// key can sign, a client certificate required, and the client's tmSecurityName from the policy.
/// </summary>
internal sealed class SnmpDtlsServer(BcTlsCrypto crypto, DtlsPeerPolicy policy, DtlsLocalIdentity identity, ILogger logger, int handshakeTimeoutMillis)
    : DefaultTlsServer(crypto)
{
    /// <summary>tmSecurityName of the client, once its certificate was accepted.</summary>
    public OctetString? SecurityName { get; private set; }

    /// <summary>Why the client was refused, when it was.</summary>
    public string? Failure { get; private set; }

    /// <summary>Whether the client's certificate was missing or refused (snmpTlstmSessionInvalidClientCertificates).</summary>
    public bool CertificateRefused { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => identity.IsRsa ? DtlsCipherSuites.Rsa : DtlsCipherSuites.Ecdsa;

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    public override bool IgnoreCorruptDtlsRecords => true;

    protected override TlsCredentialedSigner GetRsaSignerCredentials() =>
        identity.CreateSigner(m_context, crypto, m_context.SecurityParameters.ClientSigAlgs);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        identity.CreateSigner(m_context, crypto, m_context.SecurityParameters.ClientSigAlgs);

    // RFC 6353 5.3.2: the server MUST request a client certificate. The CA list stays empty, as Net-SNMP's.
    public override BcCertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.rsa_sign, ClientCertificateType.ecdsa_sign], TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(BcCertificate clientCertificate)
    {
        if (clientCertificate is null || clientCertificate.IsEmpty)
        {
            Failure = "the client sent no certificate";
            CertificateRefused = true;
            throw new TlsFatalAlert(AlertDescription.certificate_required, Failure);
        }

        var (leaf, chain) = DtlsLocalIdentity.ToX509(clientCertificate);
        try
        {
            bool accepted;
            OctetString? securityName;
            string? failure;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                accepted = policy.VerifyClient(leaf, chain, out securityName, out failure);
                logger.LogDebug("DTLS server checked the client's certificate {Subject} in {Elapsed} ms", leaf.Subject, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception e) when (e is not TlsFatalAlert)
            {
                (accepted, securityName, failure) = (false, null, $"the client's certificate could not be checked: {e.Message}");
            }

            if (!accepted || securityName is null)
            {
                Failure = failure ?? "the client's certificate maps to no tmSecurityName";
                CertificateRefused = true;
                throw new TlsFatalAlert(AlertDescription.bad_certificate, Failure);
            }

            SecurityName = securityName;
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        logger.LogDebug("DTLS server raised {Level} alert {Alert}: {Message}", AlertLevel.GetText(alertLevel), AlertDescription.GetText(alertDescription), message ?? cause?.Message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        logger.LogDebug("DTLS server received {Level} alert {Alert}", AlertLevel.GetText(alertLevel), AlertDescription.GetText(alertDescription));
}
