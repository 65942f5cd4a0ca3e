using Snmp.AbstractServices;
using Snmp.Smi;

namespace Snmp.Core.Tests;

[TestFixture]
public class LocalEngineTests
{
    private string _file = null!;

    [SetUp]
    public void SetUp() => _file = Path.Combine(Path.GetTempPath(), $"local-engine-{Guid.NewGuid():N}", "engine.boots");

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
        var first = LocalEngine.FromBootsFile(_file);
        var second = LocalEngine.FromBootsFile(_file);
        var third = LocalEngine.FromBootsFile(_file);

        Assert.That((first.Boots, second.Boots, third.Boots), Is.EqualTo((1, 2, 3)));
        Assert.That(second.EngineId, Is.EqualTo(first.EngineId));
        Assert.That(third.EngineId, Is.EqualTo(first.EngineId));
    }

    [Test]
    public void A_different_engine_id_starts_counting_again()
    {
        LocalEngine.FromBootsFile(_file);
        LocalEngine.FromBootsFile(_file);
        var other = OctetString.FromHex("800000000501020304");

        var engine = LocalEngine.FromBootsFile(_file, other);

        Assert.That((engine.EngineId, engine.Boots), Is.EqualTo((other, 1)));
        Assert.That(LocalEngine.FromBootsFile(_file).EngineId, Is.EqualTo(other), "the file now keeps the new id");
    }

    [Test]
    public void A_corrupt_boots_file_is_a_configuration_error_not_a_crash()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        File.WriteAllText(_file, "engineID 8000zz\nengineBoots 3\n");

        Assert.Throws<SnmpConfigurationException>(() => LocalEngine.FromBootsFile(_file));

        File.WriteAllText(_file, "engineBoots 99999999999999\n");
        Assert.Throws<SnmpConfigurationException>(() => LocalEngine.FromBootsFile(_file));
    }

    [Test]
    public void Generated_engine_ids_follow_RFC_3411_and_differ()
    {
        var a = LocalEngine.GenerateEngineId(8072);
        var b = LocalEngine.GenerateEngineId(8072);

        Assert.That(a.ToHex()[..10], Is.EqualTo("80001F8805"), "high bit, enterprise 8072 (0x1F88), format 5");
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a.Length, Is.InRange(5, 32));
    }

    [Test]
    public void Time_counts_seconds_from_the_start()
    {
        var clock = new ManualClock();
        var engine = new LocalEngine(OctetString.FromHex("800000000501020304"), 7, clock);

        clock.Ticks = TimeSpan.FromSeconds(42.9).Ticks;

        Assert.That(engine.Time, Is.EqualTo(42));
        Assert.That(engine.UpTimeTicks, Is.EqualTo(4290));
        Assert.Throws<ArgumentException>(() => new LocalEngine(OctetString.FromHex("8000"), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalEngine(OctetString.FromHex("800000000501020304"), int.MaxValue));
    }

    private sealed class ManualClock : TimeProvider
    {
        public long Ticks { get; set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Ticks;
    }
}
