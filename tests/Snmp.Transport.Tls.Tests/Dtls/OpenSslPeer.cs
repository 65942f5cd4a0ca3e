using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Snmp.Transport.Tls.Tests.Dtls;

/// <summary>
/// An <c>openssl s_server</c> or <c>s_client</c> process as a DTLS peer: its output collected, its
/// input writable, and the process tree killed and waited for on disposal. A missing openssl
/// fails the test under CI=true and skips it elsewhere.
/// </summary>
internal sealed class OpenSslPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private OpenSslPeer(Process process)
    {
        _process = process;
    }

    public static string RequireOpenSsl()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "openssl"))
            .FirstOrDefault(File.Exists);
        if (path is not null)
        {
            return path;
        }

        const string message = "openssl is not installed (Debian package openssl); the DTLS interop tests need it as the independent peer.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
        return "";
    }

    /// <summary>A UDP port free on 127.0.0.1 a moment ago (the system chose it).</summary>
    public static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Writes the certificate (PEM) and, when it has one, its private key (PKCS#8 PEM) to <paramref name="directory"/>.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var certificatePath = Path.Combine(directory, name + ".pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        var keyPath = Path.Combine(directory, name + ".key");
        if (certificate.HasPrivateKey)
        {
            using var key = (System.Security.Cryptography.AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()!;
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }

        return (certificatePath, keyPath);
    }

    public static OpenSslPeer Start(string openssl, params string[] arguments)
    {
        var info = new ProcessStartInfo(openssl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start");
        var peer = new OpenSslPeer(process);
        process.OutputDataReceived += (_, e) => peer.Append(e.Data);
        process.ErrorDataReceived += (_, e) => peer.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits (bounded) until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow + DtlsTestKit.Patience;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                Assert.Fail($"openssl did not print \"{text}\" within {DtlsTestKit.Patience.TotalSeconds} s (exited: {_process.HasExited}). Its output:\n{Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Writes a line to the process's input: s_server and s_client send it as one record.</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteAsync(line + "\n");
        await _process.StandardInput.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(DtlsTestKit.Patience);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
