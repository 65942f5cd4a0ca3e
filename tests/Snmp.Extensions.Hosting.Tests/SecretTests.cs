using System.Collections;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>Passwords and communities, from any configuration provider, never reach a ToString or a log.</summary>
[TestFixture]
public class SecretTests
{
    private static readonly Type[] SettingsTypes = [.. typeof(AgentSettings).Assembly.GetExportedTypes()
        .Where(t => t.Name.EndsWith("Settings", StringComparison.Ordinal) && !t.IsAbstract)];

    // Every string setting whose name says it is a secret: passwords and SNMPv1/v2c communities.
    private static bool IsSecret(Type owner, PropertyInfo property) =>
        property.Name.Contains("Password", StringComparison.Ordinal) || property.Name.Contains("Community", StringComparison.Ordinal)
        || (owner == typeof(AgentCommunitySettings) && property.Name == nameof(AgentCommunitySettings.Name));

    /// <summary>Fills every string setting of <paramref name="settings"/> (and of the settings in its lists) with a marked value; returns the secrets.</summary>
    private static List<string> Fill(object settings)
    {
        var secrets = new List<string>();
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            if (type == typeof(string) && property.CanWrite)
            {
                var value = $"marked-{settings.GetType().Name}-{property.Name}-{Guid.NewGuid():N}";
                property.SetValue(settings, value);
                if (IsSecret(settings.GetType(), property))
                {
                    secrets.Add(value);
                }
            }
            else if (type.IsClass && type.Name.EndsWith("Settings", StringComparison.Ordinal) && property.CanWrite)
            {
                var nested = Activator.CreateInstance(type)!;
                secrets.AddRange(Fill(nested));
                property.SetValue(settings, nested);
            }
            else if (property.GetValue(settings) is IList list && type.GetGenericArguments() is [var element])
            {
                for (int i = 0; i < 2; i++)
                {
                    if (element == typeof(string))
                    {
                        var value = $"marked-{settings.GetType().Name}-{property.Name}{i}-{Guid.NewGuid():N}";
                        list.Add(value);
                        if (IsSecret(settings.GetType(), property))
                        {
                            secrets.Add(value);
                        }
                    }
                    else
                    {
                        var item = Activator.CreateInstance(element)!;
                        secrets.AddRange(Fill(item));
                        list.Add(item);
                    }
                }
            }
        }

        return secrets;
    }

    [Test]
    public void The_settings_types_are_all_looked_at()
    {
        Assert.That(SettingsTypes.Select(t => t.Name), Is.EquivalentTo(new[]
        {
            nameof(AgentSettings), nameof(AgentCommunitySettings), nameof(AgentUserSettings), nameof(NotificationTargetSettings),
            nameof(EngineSettings), nameof(EngineUserSettings), nameof(TrapReceiverSettings), nameof(TrapReceiverUserSettings),
            nameof(TlsSettings), nameof(CertificateToSecurityNameSettings), nameof(AgentSecurityNameSettings), nameof(TrapReceiverPrincipalSettings),
        }));
    }

    [TestCaseSource(nameof(SettingsTypes))]
    public void ToString_shows_no_secret(Type type)
    {
        var settings = Activator.CreateInstance(type)!;
        var secrets = Fill(settings);
        // These name a principal or a certificate's fingerprint; everything else holds a secret, itself or in its lists.
        Type[] secretless = [typeof(CertificateToSecurityNameSettings), typeof(AgentSecurityNameSettings), typeof(TrapReceiverPrincipalSettings)];
        Assert.That(secrets, secretless.Contains(type) ? Is.Empty : Is.Not.Empty);
        var text = settings.ToString()!;
        Assert.That(text, Is.Not.EqualTo(type.FullName), "ToString says what the settings are");
        foreach (var secret in secrets)
        {
            Assert.That(text, Does.Not.Contain(secret));
        }
    }

    [Test]
    public async Task Nothing_a_running_host_logs_holds_a_secret()
    {
        string[] secrets = ["user-auth-secret-9", "user-priv-secret-9", "trap-auth-secret-9",
            "agent-community-9", "trap-community-9", "engine-community-9", "target-community-9"];
        var configuration = new Dictionary<string, string?>
        {
            ["Snmp:Agent:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:Agent:Communities:0:Name"] = "agent-community-9",
            ["Snmp:Agent:Users:0:Name"] = "ops",
            ["Snmp:Agent:Users:0:AuthProtocol"] = "SHA-256",
            ["Snmp:Agent:Users:0:AuthPassword"] = "user-auth-secret-9",
            ["Snmp:Agent:Users:0:PrivProtocol"] = "AES",
            ["Snmp:Agent:Users:0:PrivPassword"] = "user-priv-secret-9",
            ["Snmp:Engine:DefaultCommunity"] = "engine-community-9",
            ["Snmp:Engine:Users:0:Name"] = "ops",
            ["Snmp:Engine:Users:0:AuthProtocol"] = "SHA-256",
            ["Snmp:Engine:Users:0:AuthPassword"] = "user-auth-secret-9",
            ["Snmp:Engine:Users:0:PrivProtocol"] = "AES",
            ["Snmp:Engine:Users:0:PrivPassword"] = "user-priv-secret-9",
            ["Snmp:TrapReceiver:ListenOn:0"] = "127.0.0.1:0",
            ["Snmp:TrapReceiver:Communities:0"] = "trap-community-9",
            ["Snmp:TrapReceiver:Users:0:Name"] = "traps",
            ["Snmp:TrapReceiver:Users:0:AuthProtocol"] = "MD5",
            ["Snmp:TrapReceiver:Users:0:AuthPassword"] = "trap-auth-secret-9",
        };
        var logs = new CapturingLoggerProvider();
        var handled = new TaskCompletionSource<ReceivedNotification>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var host = TestHosts.Build(configuration, services => services
            .AddSnmpAgent()
            .AddSnmpEngine()
            .AddSnmpTrapReceiver((notification, _) =>
            {
                handled.TrySetResult(notification);
                throw new InvalidOperationException("a failing handler is logged with its notification");
            }), logs))
        {
            await host.StartAsync().WaitAsync(TestHosts.Patience);
            var engine = host.Services.GetRequiredService<Engine>();
            var agent = host.Services.GetRequiredService<Agent>();
            var receiver = host.Services.GetRequiredService<TrapReceiver>();
            var timeout = new RequestOptions { Timeout = TestHosts.Patience };
            await engine.Manager(agent.Endpoints.Single()).GetAsync(["1.3.6.1.2.1.1.1.0"], timeout);
            await engine.Manager(agent.Endpoints.Single(), SnmpVersion.SNMPv2c, community: new OctetString("agent-community-9")).GetAsync(["1.3.6.1.2.1.1.1.0"], timeout);
            await engine.Notifier(receiver.Endpoints.Single().ToString(), SnmpVersion.SNMPv2c, community: new OctetString("trap-community-9"))
                .SendTrapAsync("1.3.6.1.6.3.1.1.5.1");
            await handled.Task.WaitAsync(TestHosts.Patience);
            await host.StopAsync().WaitAsync(TestHosts.Patience);
        }

        Assert.That(logs.Messages, Has.Some.Contains("listening on"), "the host logged at all");
        Assert.That(logs.Messages, Has.Some.Contains("notification handler failed"));
        foreach (var message in logs.Messages)
        {
            foreach (var secret in secrets)
            {
                Assert.That(message, Does.Not.Contain(secret));
            }
        }
    }
}
