using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using CertificateRequest = Org.BouncyCastle.Tls.CertificateRequest;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace Snmp.Transport.Tls.Legacy;

/// <summary>
/// The handshake on BouncyCastle's TLS, for the legacy opt-in (<see cref="TlsTransportOptions.EnabledProtocols"/>
/// with TLS 1.0 or 1.1): it speaks TLS 1.0 to 1.2 whatever the operating system's OpenSSL
/// security level (OpenSSL 3 refuses TLS 1.0's MD5/SHA-1 signatures at level 1, and SslStream
/// cannot lower it), which is what Net-SNMP 5.9.3's TLS 1.0-only tlstcp needs. The same
/// certificate policy applies: <see cref="TlsPeerVerifier"/> judges every peer certificate, a
/// client certificate is required, renegotiation is refused.
/// BouncyCastle's streams block; the mapping reads them on threads of their own.
/// </summary>
internal sealed class BouncyCastleHandshake : ITlsHandshake
{
    private readonly TlsPeerVerifier _verifier;
    private readonly ProtocolVersion[] _versions;
    private readonly AsymmetricKeyParameter _privateKey;
    private readonly byte[][] _certificates;
    private readonly bool _ecdsa;

    // TLS 1.0's CBC records need a split against BEAST. BouncyCastle's default 1/n-1 split puts
    // the message's first octet in a record of its own; Net-SNMP's tlstcp reads one record per
    // SSL_read and then waits on the socket, so it sometimes never sees the rest (already read
    // into OpenSSL's buffer). ADS_MODE_0_N sends an empty record first and the message whole.
    private const int WholeRecordsSplitMode = 1;

    public BouncyCastleHandshake(TlsPeerVerifier verifier)
    {
        _verifier = verifier;
        var enabled = verifier.Options.EnabledProtocols;
        var versions = new List<ProtocolVersion>();
#pragma warning disable SYSLIB0039 // the legacy opt-in names TLS 1.0 and 1.1 on purpose
        if ((enabled & SslProtocols.Tls12) != 0 || (enabled & SslProtocols.Tls13) != 0)
        {
            versions.Add(ProtocolVersion.TLSv12);
        }

        if ((enabled & SslProtocols.Tls11) != 0)
        {
            versions.Add(ProtocolVersion.TLSv11);
        }

        if ((enabled & SslProtocols.Tls) != 0)
        {
            versions.Add(ProtocolVersion.TLSv10);
        }
#pragma warning restore SYSLIB0039
        _versions = [.. versions];

        var local = verifier.Options.LocalCertificate!;
        _certificates = [local.RawData, .. verifier.Options.SentChain().Select(c => c.RawData)];
        try
        {
            using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)local.GetRSAPrivateKey() ?? local.GetECDsaPrivateKey()
                ?? throw new SnmpConfigurationException("the LocalCertificate's key is neither RSA nor ECDSA");
            _ecdsa = key is ECDsa;
            _privateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
        }
        catch (CryptographicException e)
        {
            throw new SnmpConfigurationException(
                $"the LocalCertificate {TlsPeerVerifier.Describe(local)}'s private key cannot be exported, which the legacy TLS 1.0/1.1 path (BouncyCastle) needs; load it with X509KeyStorageFlags.Exportable", e);
        }
    }

    public async Task<TlsHandshakeResult> AuthenticateAsClientAsync(Stream transport, string targetHost, CancellationToken cancellationToken)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        var client = new LegacyClient(this, crypto);
        var protocol = new TlsClientProtocol(transport) { AppDataSplitMode = WholeRecordsSplitMode };
        try
        {
            await RunAsync(() => protocol.Connect(client), transport, protocol, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (client.Failure is { } failure)
        {
            // The verifier refused the server inside Connect (bad_certificate): say why, as the
            // SslStream path does, rather than the alert's bare name.
            throw new TlsPeerRejectedException(failure, failure.Contains("unknown fingerprint", StringComparison.Ordinal));
        }

        if (client.Failure is { } refused)
        {
            throw new TlsPeerRejectedException(refused, refused.Contains("unknown fingerprint", StringComparison.Ordinal));
        }

        return new TlsHandshakeResult(new BlockingStreamAdapter(protocol.Stream), null, client.Version);
    }

    public async Task<TlsHandshakeResult> AuthenticateAsServerAsync(Stream transport, CancellationToken cancellationToken)
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        var server = new LegacyServer(this, crypto);
        var protocol = new TlsServerProtocol(transport) { AppDataSplitMode = WholeRecordsSplitMode };
        try
        {
            await RunAsync(() => protocol.Accept(server), transport, protocol, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (server.Failure is { } failure)
        {
            throw new TlsPeerRejectedException(failure, false);
        }

        return new TlsHandshakeResult(new BlockingStreamAdapter(protocol.Stream), server.SecurityName, server.Version);
    }

    // The blocking handshake on a thread-pool thread; cancellation (the handshake timeout)
    // closes the connection under it, which ends the handshake.
    private static async Task RunAsync(Action handshake, Stream transport, TlsProtocol protocol, CancellationToken cancellationToken)
    {
        await using var abort = cancellationToken.Register(transport.Dispose).ConfigureAwait(false);
        try
        {
            await Task.Run(handshake, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not TlsPeerRejectedException)
        {
            protocol.Close();
            cancellationToken.ThrowIfCancellationRequested();
            throw new AuthenticationException($"the TLS handshake failed: {e.Message}", e);
        }
    }

    private Certificate LocalChain(TlsCrypto crypto) => new([.. _certificates.Select(crypto.CreateCertificate)]);

    private static (X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Presented)? Presented(Certificate? certificate)
    {
        if (certificate is null || certificate.IsEmpty)
        {
            return null;
        }

        var presented = certificate.GetCertificateList().Select(c => X509CertificateLoader.LoadCertificate(c.GetEncoded())).ToArray();
        return (presented[0], presented);
    }

    // TLS 1.2 signs with an algorithm the peer listed; TLS 1.0 and 1.1 have none to choose.
    private SignatureAndHashAlgorithm? ChooseSignature(TlsContext context, IList<SignatureAndHashAlgorithm>? offered)
    {
        if (!TlsUtilities.IsTlsV12(context))
        {
            return null;
        }

        var signature = _ecdsa ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa;
        var preferred = new[] { HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512, HashAlgorithm.sha1 };
        if (offered is null || offered.Count == 0)
        {
            return new SignatureAndHashAlgorithm(HashAlgorithm.sha1, signature);
        }

        foreach (var hash in preferred)
        {
            if (offered.Any(a => a.Signature == signature && a.Hash == hash))
            {
                return new SignatureAndHashAlgorithm(hash, signature);
            }
        }

        throw new TlsFatalAlert(AlertDescription.handshake_failure, "the peer accepts no signature algorithm for this certificate's key");
    }

    private TlsCredentialedSigner Signer(TlsContext context, BcTlsCrypto crypto, IList<SignatureAndHashAlgorithm>? offered) =>
        new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, _privateKey, LocalChain(crypto), ChooseSignature(context, offered));

    private sealed class LegacyClient(BouncyCastleHandshake owner, BcTlsCrypto crypto) : DefaultTlsClient(crypto)
    {
        public string? Failure { get; set; }

        public BouncyCastleHandshake Owner => owner;

        public TlsContext Context => m_context;

        public string Version => m_context.ServerVersion?.ToString() ?? "TLS";

        protected override ProtocolVersion[] GetSupportedVersions() => owner._versions;

        public override TlsAuthentication GetAuthentication() => new Authentication(this);

        public override void NotifySecureRenegotiation(bool secureRenegotiation)
        {
            // Net-SNMP 5.9.3's OpenSSL server offers secure renegotiation; we never renegotiate either way.
        }

        private sealed class Authentication(LegacyClient client) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
                if (Presented(serverCertificate.Certificate) is not var (leaf, presented))
                {
                    client.Failure = "the server sent no certificate";
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }

                if (!client.Owner._verifier.VerifyServer(leaf, presented, out var failure))
                {
                    client.Failure = failure;
                    throw new TlsFatalAlert(AlertDescription.bad_certificate);
                }
            }

            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
                client.Owner.Signer(client.Context, (BcTlsCrypto)client.Crypto, certificateRequest.SupportedSignatureAlgorithms);
        }
    }

    private sealed class LegacyServer(BouncyCastleHandshake owner, BcTlsCrypto crypto) : DefaultTlsServer(crypto)
    {
        public string? Failure { get; private set; }

        public OctetString? SecurityName { get; private set; }

        public string Version => m_context.ServerVersion?.ToString() ?? "TLS";

        protected override ProtocolVersion[] GetSupportedVersions() => owner._versions;

        protected override TlsCredentialedSigner GetRsaSignerCredentials() =>
            owner._ecdsa ? base.GetRsaSignerCredentials() : owner.Signer(m_context, (BcTlsCrypto)Crypto, m_context.SecurityParameters.ClientSigAlgs);

        protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
            owner._ecdsa ? owner.Signer(m_context, (BcTlsCrypto)Crypto, m_context.SecurityParameters.ClientSigAlgs) : base.GetECDsaSignerCredentials();

        public override CertificateRequest GetCertificateRequest()
        {
            IList<SignatureAndHashAlgorithm>? algorithms = TlsUtilities.IsTlsV12(m_context)
                ? [.. new[] { HashAlgorithm.sha256, HashAlgorithm.sha384, HashAlgorithm.sha512, HashAlgorithm.sha1 }
                    .SelectMany(h => new[] { new SignatureAndHashAlgorithm(h, SignatureAlgorithm.rsa), new SignatureAndHashAlgorithm(h, SignatureAlgorithm.ecdsa) })]
                : null;
            return new CertificateRequest([ClientCertificateType.rsa_sign, ClientCertificateType.ecdsa_sign], algorithms, null);
        }

        public override void NotifyClientCertificate(Certificate clientCertificate)
        {
            if (Presented(clientCertificate) is not var (leaf, presented))
            {
                Failure = "the client sent no certificate (RFC 6353 requires one)";
                throw new TlsFatalAlert(AlertDescription.handshake_failure);
            }

            if (!owner._verifier.VerifyClient(leaf, presented, out var name, out var failure))
            {
                Failure = failure;
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }

            SecurityName = name;
        }

        public override void NotifySecureRenegotiation(bool secureRenegotiation)
        {
        }
    }
}
