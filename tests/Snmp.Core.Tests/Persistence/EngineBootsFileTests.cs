
namespace Snmp.Core.Tests.Persistence;

[TestFixture]
public class EngineBootsFileTests
{
    private string _file = null!;

    [SetUp]
    public void SetUp() => _file = Path.Combine(Path.GetTempPath(), $"engine-boots-{Guid.NewGuid():N}", "engine.boots");

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(Path.GetDirectoryName(_file)))
        {
            Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
        }
    }

    [Test]
    public void Each_start_from_the_boots_file_is_a_new_boot_with_the_same_engine_id()
    {
        var first = EngineBootsFile.Boot(_file);
        var second = EngineBootsFile.Boot(_file);
        var third = EngineBootsFile.Boot(_file);

        Assert.That((first.Boots, second.Boots, third.Boots), Is.EqualTo((1, 2, 3)));
        Assert.That(second.EngineId, Is.EqualTo(first.EngineId));
        Assert.That(third.EngineId, Is.EqualTo(first.EngineId));
    }

    [Test]
    public void A_different_engine_id_starts_counting_again()
    {
        EngineBootsFile.Boot(_file);
        EngineBootsFile.Boot(_file);
        var other = OctetString.FromHex("800000000501020304");

        var engine = EngineBootsFile.Boot(_file, other);

        Assert.That((engine.EngineId, engine.Boots), Is.EqualTo((other, 1)));
        Assert.That(EngineBootsFile.Boot(_file).EngineId, Is.EqualTo(other), "the file now keeps the new id");
    }

    [Test]
    public void A_corrupt_boots_file_is_a_configuration_error_not_a_crash()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        File.WriteAllText(_file, "engineID 8000zz\nengineBoots 3\n");

        Assert.Throws<SnmpConfigurationException>(() => EngineBootsFile.Boot(_file));

        File.WriteAllText(_file, "engineBoots 99999999999999\n");
        Assert.Throws<SnmpConfigurationException>(() => EngineBootsFile.Boot(_file));
    }

    [Test]
    public void Boots_that_would_reach_2147483647_need_a_new_engine_id()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        File.WriteAllText(_file, "engineID 800000000501020304\nengineBoots 2147483646\n");

        Assert.Throws<SnmpConfigurationException>(() => EngineBootsFile.Boot(_file), "RFC 3414 2.2.2: boots stays at its maximum");
        var renewed = EngineBootsFile.Boot(_file, OctetString.FromHex("800000000501020305"));
        Assert.That(renewed.Boots, Is.EqualTo(1));
    }
}
