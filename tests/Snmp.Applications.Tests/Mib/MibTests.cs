using Snmp.Pdus;

namespace Snmp.Applications.Tests.Mib;

[TestFixture]
public class MibTests
{
    private static readonly ObjectIdentifier Entry = "1.3.6.1.4.1.99.1.1";

    private static MibTable NewTable(int rows)
    {
        var table = new MibTable(Entry,
            new MibColumn(1, SnmpType.Integer32, MibAccess.NotAccessible),
            new MibColumn(2, SnmpType.OctetString, MibAccess.ReadCreate),
            new MibColumn(3, SnmpType.Integer32, MibAccess.ReadCreate, new Integer32(0), v => ((Integer32)v).Value >= 0 ? ErrorStatus.NoError : ErrorStatus.WrongValue),
            new MibColumn(4, SnmpType.Counter32, MibAccess.ReadOnly, new Counter32(0)),
            MibColumn.RowStatus(5));
        for (int i = rows; i >= 1; i--)
        {
            table.SetRow(new ObjectIdentifier((uint)i), new Integer32(i), new OctetString($"r{i}"), new Integer32(i), new Counter32((uint)i), new Integer32(1));
        }

        return table;
    }

    private static async Task<List<VarBind>> WalkAsync(MibTree tree, ObjectIdentifier from)
    {
        var result = new List<VarBind>();
        var cursor = from;
        while (await tree.GetNextAsync(cursor) is { } next)
        {
            Assert.That(next.Oid, Is.GreaterThan(cursor), "GetNext always moves forward");
            result.Add(next);
            cursor = next.Oid;
        }

        return result;
    }

    [Test]
    public async Task Tree_GetNext_walks_scalars_and_tables_in_lexicographic_order_and_skips_not_accessible_columns()
    {
        var tree = new MibTree();
        tree.Register(NewTable(3));
        tree.AddScalar("1.3.6.1.4.1.99.2", new Integer32(7));
        tree.AddScalar("1.3.6.1.2.1.1.5", new OctetString("name"));

        var walked = await WalkAsync(tree, "1.3");

        Assert.That(walked.Select(v => v.Oid.ToString()), Is.EqualTo(new[]
        {
            "1.3.6.1.2.1.1.5.0",
            "1.3.6.1.4.1.99.1.1.2.1", "1.3.6.1.4.1.99.1.1.2.2", "1.3.6.1.4.1.99.1.1.2.3",
            "1.3.6.1.4.1.99.1.1.3.1", "1.3.6.1.4.1.99.1.1.3.2", "1.3.6.1.4.1.99.1.1.3.3",
            "1.3.6.1.4.1.99.1.1.4.1", "1.3.6.1.4.1.99.1.1.4.2", "1.3.6.1.4.1.99.1.1.4.3",
            "1.3.6.1.4.1.99.1.1.5.1", "1.3.6.1.4.1.99.1.1.5.2", "1.3.6.1.4.1.99.1.1.5.3",
            "1.3.6.1.4.1.99.2.0",
        }));
    }

    [TestCase("1.3.6.1.4.1.99.1.1.2.1.5", "1.3.6.1.4.1.99.1.1.2.2")]   // inside an index, past it
    [TestCase("1.3.6.1.4.1.99.1.1.2.3", "1.3.6.1.4.1.99.1.1.3.1")]     // last row: next column
    [TestCase("1.3.6.1.4.1.99.1.1.1.9", "1.3.6.1.4.1.99.1.1.2.1")]     // not-accessible column
    [TestCase("1.3.6.1.4.1.99.1.1.9", null)]                           // past the last column
    [TestCase("1.3.6.1.4.1.99.1", "1.3.6.1.4.1.99.1.1.2.1")]           // above the entry
    public async Task Table_GetNext_from_any_position(string from, string? expected)
    {
        var table = NewTable(3);

        var next = await table.GetNextAsync(from, CancellationToken.None);

        Assert.That(next?.Oid.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Get_distinguishes_noSuchObject_and_noSuchInstance()
    {
        var tree = new MibTree();
        tree.Register(NewTable(2));
        tree.AddScalar("1.3.6.1.4.1.99.2", new Integer32(7));

        Assert.That(await tree.GetAsync("1.3.6.1.4.1.99.2.0"), Is.EqualTo(new Integer32(7)));
        Assert.That(await tree.GetAsync("1.3.6.1.4.1.99.2.1"), Is.SameAs(NoSuchInstance.Instance));
        Assert.That(await tree.GetAsync("1.3.6.1.4.1.99.1.1.2.9"), Is.SameAs(NoSuchInstance.Instance));
        Assert.That(await tree.GetAsync("1.3.6.1.4.1.99.1.1.1.1"), Is.SameAs(NoSuchObject.Instance), "not-accessible");
        Assert.That(await tree.GetAsync("1.3.6.1.4.1.99.3.0"), Is.SameAs(NoSuchObject.Instance));
    }

    [Test]
    public void Overlapping_registrations_are_refused()
    {
        var tree = new MibTree();
        tree.AddScalar("1.3.6.1.4.1.99.2", new Integer32(7));

        Assert.Throws<ArgumentException>(() => tree.AddScalar("1.3.6.1.4.1.99.2.1", new Integer32(7)));
        Assert.Throws<ArgumentException>(() => tree.AddScalar("1.3.6.1.4.1.99", new Integer32(7)));
    }

    [Test]
    public async Task Scalar_set_checks_type_and_validator_before_anything_changes_and_undo_restores()
    {
        var scalar = new MibScalar("1.3.6.1.4.1.99.2", new Integer32(1), writable: true, validate: v => ((Integer32)v).Value < 100 ? ErrorStatus.NoError : ErrorStatus.WrongValue);
        var transaction = new SetTransaction(VarBindList.Empty);

        Assert.That((await scalar.PrepareSetAsync("1.3.6.1.4.1.99.2.0", new OctetString("x"), transaction, default)).Error, Is.EqualTo(ErrorStatus.WrongType));
        Assert.That((await scalar.PrepareSetAsync("1.3.6.1.4.1.99.2.0", new Integer32(100), transaction, default)).Error, Is.EqualTo(ErrorStatus.WrongValue));
        Assert.That((await scalar.PrepareSetAsync("1.3.6.1.4.1.99.2.1", new Integer32(5), transaction, default)).Error, Is.EqualTo(ErrorStatus.NoCreation));
        Assert.That(scalar.Value, Is.EqualTo(new Integer32(1)));

        var ready = await scalar.PrepareSetAsync("1.3.6.1.4.1.99.2.0", new Integer32(5), transaction, default);
        Assert.That(scalar.Value, Is.EqualTo(new Integer32(1)), "the test phase changes nothing");
        await ready.Commit!(default);
        Assert.That(scalar.Value, Is.EqualTo(new Integer32(5)));
        await ready.Undo!(default);
        Assert.That(scalar.Value, Is.EqualTo(new Integer32(1)));

        var readOnly = new MibScalar("1.3.6.1.4.1.99.3", new Integer32(1));
        Assert.That((await readOnly.PrepareSetAsync("1.3.6.1.4.1.99.3.0", new Integer32(5), transaction, default)).Error, Is.EqualTo(ErrorStatus.NotWritable));
    }

    [Test]
    public async Task Async_scalars_answer_when_their_source_completes()
    {
        var source = new TaskCompletionSource<SnmpValue>();
        var scalar = MibScalar.FromAsyncCallback("1.3.6.1.4.1.99.4", SnmpType.Gauge32, async ct => await source.Task.WaitAsync(ct));

        var pending = scalar.GetAsync("1.3.6.1.4.1.99.4.0", CancellationToken.None).AsTask();
        Assert.That(pending.IsCompleted, Is.False);
        source.SetResult(new Gauge32(9));

        Assert.That(await pending, Is.EqualTo(new Gauge32(9)));
    }

    [Test]
    public async Task RowStatus_createAndGo_creates_with_defaults_createAndWait_leaves_notInService_and_destroy_removes()
    {
        var table = NewTable(1);
        ObjectIdentifier status9 = Entry.Append(5, 9), name9 = Entry.Append(2, 9);
        var set = new SetTransaction(new VarBindList(new VarBind(status9, new Integer32(4)), new VarBind(name9, new OctetString("nine"))));

        var create = await table.PrepareSetAsync(status9, new Integer32(4), set, default);
        var name = await table.PrepareSetAsync(name9, new OctetString("nine"), set, default);
        Assert.That((create.Error, name.Error), Is.EqualTo((ErrorStatus.NoError, ErrorStatus.NoError)));
        await create.Commit!(default);
        await name.Commit!(default);

        var nine = new ObjectIdentifier(9);
        Assert.That(table.GetCell(nine, 2), Is.EqualTo(new OctetString("nine")));
        Assert.That(table.GetCell(nine, 3), Is.EqualTo(new Integer32(0)), "DEFVAL");
        Assert.That(table.GetCell(nine, 5), Is.EqualTo(new Integer32(1)), "active");

        var wait = new SetTransaction(new VarBindList(new VarBind(Entry.Append(5, 10), new Integer32(5))));
        var createWait = await table.PrepareSetAsync(Entry.Append(5, 10), new Integer32(5), wait, default);
        await createWait.Commit!(default);
        Assert.That(table.GetCell(new ObjectIdentifier(10), 5), Is.EqualTo(new Integer32((int)RowStatus.NotReady)), "no name yet: notReady");

        var destroy = await table.PrepareSetAsync(status9, new Integer32(6), new SetTransaction(VarBindList.Empty), default);
        await destroy.Commit!(default);
        Assert.That(table.GetCell(nine, 2), Is.Null);
        await destroy.Undo!(default);
        Assert.That(table.GetCell(nine, 2), Is.EqualTo(new OctetString("nine")), "undo of destroy puts the row back");
    }

    [TestCase(4, ErrorStatus.InconsistentValue)]  // createAndGo of an existing row
    [TestCase(3, ErrorStatus.WrongValue)]         // notReady is never written
    [TestCase(7, ErrorStatus.WrongValue)]
    public async Task RowStatus_errors_on_an_existing_row(int value, ErrorStatus expected)
    {
        var table = NewTable(1);

        var result = await table.PrepareSetAsync(Entry.Append(5, 1), new Integer32(value), new SetTransaction(VarBindList.Empty), default);

        Assert.That(result.Error, Is.EqualTo(expected));
    }

    [Test]
    public async Task Table_set_errors_follow_RFC_3416()
    {
        var table = NewTable(1);
        var empty = new SetTransaction(VarBindList.Empty);

        Assert.That((await table.PrepareSetAsync(Entry.Append(4, 1), new Counter32(1), empty, default)).Error, Is.EqualTo(ErrorStatus.NotWritable));
        Assert.That((await table.PrepareSetAsync(Entry.Append(4, 2), new Counter32(1), empty, default)).Error, Is.EqualTo(ErrorStatus.NoCreation));
        Assert.That((await table.PrepareSetAsync(Entry.Append(3, 1), new OctetString("x"), empty, default)).Error, Is.EqualTo(ErrorStatus.WrongType));
        Assert.That((await table.PrepareSetAsync(Entry.Append(3, 1), new Integer32(-1), empty, default)).Error, Is.EqualTo(ErrorStatus.WrongValue));
        Assert.That((await table.PrepareSetAsync(Entry.Append(2, 7), new OctetString("x"), empty, default)).Error, Is.EqualTo(ErrorStatus.InconsistentName), "a cell of a row nobody creates");
        Assert.That((await table.PrepareSetAsync(Entry.Append(1, 1), new Integer32(1), empty, default)).Error, Is.EqualTo(ErrorStatus.NoAccess));
        Assert.That((await table.PrepareSetAsync(Entry.Append(5, 7), new Integer32(4), empty, default)).Error, Is.EqualTo(ErrorStatus.InconsistentValue), "createAndGo without the required name");
    }
}
