using Snmp.Hosting;

namespace Snmp.Extensions.Hosting.Tests;

/// <summary>Snmp:Agent:ConfigurationFile reaches the agent, whose nonVolatile rows it then keeps.</summary>
[TestFixture]
public class ConfigurationFileSettingTests
{
    [Test]
    public async Task The_setting_names_the_agents_configuration_file()
    {
        var directory = Directory.CreateTempSubdirectory("snmp-hosting-config-").FullName;
        try
        {
            var settings = new AgentSettings { ConfigurationFile = Path.Combine(directory, "agent.config") };
            settings.ListenOn.Add("127.0.0.1:0");
            await using var agent = SettingsConversion.CreateAgent(settings, [], null);

            Assert.That(agent.Options.ConfigurationFile, Is.EqualTo(settings.ConfigurationFile));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
