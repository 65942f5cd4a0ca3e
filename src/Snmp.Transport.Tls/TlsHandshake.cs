using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Snmp.Transport.Tls;

/// <summary>What a completed handshake gives: the protected stream, the client's tmSecurityName (server side), the TLS version.</summary>
internal sealed record TlsHandshakeResult(Stream Stream, OctetString? SecurityName, string Protocol);

/// <summary>A peer whose certificate the policy refused; <see cref="UnknownFingerprint"/> when nothing vouched for it at all.</summary>
internal sealed class TlsPeerRejectedException(string message, bool unknownFingerprint) : Exception(message)
{
    public bool UnknownFingerprint { get; } = unknownFingerprint;
}

/// <summary>Runs the TLS handshake of one connection in either role, with the certificate policy of <see cref="TlsPeerVerifier"/>.</summary>
internal interface ITlsHandshake
{
    /// <exception cref="TlsPeerRejectedException">The server's certificate was refused.</exception>
    Task<TlsHandshakeResult> AuthenticateAsClientAsync(Stream transport, string targetHost, CancellationToken cancellationToken);

    /// <exception cref="TlsPeerRejectedException">The client's certificate was missing or refused.</exception>
    Task<TlsHandshakeResult> AuthenticateAsServerAsync(Stream transport, CancellationToken cancellationToken);
}

/// <summary>
/// The handshake on .NET's <see cref="SslStream"/> (TLS 1.2 and 1.3, the system's TLS library):
/// the local certificate in both roles, a client certificate required (RFC 6353 5.3.2),
/// renegotiation refused, every peer certificate judged by <see cref="TlsPeerVerifier"/> alone.
/// </summary>
internal sealed class SslStreamHandshake(TlsPeerVerifier verifier) : ITlsHandshake
{
    private readonly SslStreamCertificateContext _local =
        SslStreamCertificateContext.Create(verifier.Options.LocalCertificate!, verifier.Options.SentChain(), offline: true);

    public async Task<TlsHandshakeResult> AuthenticateAsClientAsync(Stream transport, string targetHost, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        string? failure = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ClientCertificateContext = _local,
            LocalCertificateSelectionCallback = (_, _, _, _, _) => verifier.Options.LocalCertificate!,
            EnabledSslProtocols = verifier.Options.EnabledProtocols & (SslProtocols.Tls12 | SslProtocols.Tls13),
            AllowRenegotiation = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (certificate is null)
                {
                    failure = "the server sent no certificate";
                    return false;
                }

                var (leaf, presented) = Presented(certificate, chain);
                return verifier.VerifyServer(leaf, presented, out failure);
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return new TlsHandshakeResult(ssl, null, ssl.SslProtocol.ToString());
        }
        catch (Exception e) when (failure is not null && e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TlsPeerRejectedException(failure, failure.Contains("unknown fingerprint", StringComparison.Ordinal));
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<TlsHandshakeResult> AuthenticateAsServerAsync(Stream transport, CancellationToken cancellationToken)
    {
        var ssl = new SslStream(transport, leaveInnerStreamOpen: false);
        string? failure = null;
        OctetString? securityName = null;
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _local,
            ClientCertificateRequired = true,
            EnabledSslProtocols = verifier.Options.EnabledProtocols & (SslProtocols.Tls12 | SslProtocols.Tls13),
            AllowRenegotiation = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
            {
                if (certificate is null)
                {
                    failure = "the client sent no certificate (RFC 6353 requires one)";
                    return false;
                }

                var (leaf, presented) = Presented(certificate, chain);
                return verifier.VerifyClient(leaf, presented, out securityName, out failure);
            },
        };
        try
        {
            await ssl.AuthenticateAsServerAsync(options, cancellationToken).ConfigureAwait(false);
            return new TlsHandshakeResult(ssl, securityName, ssl.SslProtocol.ToString());
        }
        catch (Exception e) when (failure is not null && e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TlsPeerRejectedException(failure, false);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // The peer's own certificate and the others it sent (SslStream puts them in the chain's ExtraStore).
    private static (X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Presented) Presented(X509Certificate certificate, X509Chain? chain)
    {
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var presented = new List<X509Certificate2> { leaf };
        if (chain is not null)
        {
            presented.AddRange(chain.ChainPolicy.ExtraStore.Cast<X509Certificate2>());
        }

        return (leaf, presented);
    }
}
