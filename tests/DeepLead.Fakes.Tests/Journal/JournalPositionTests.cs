using DeepLead.Fakes.Journal;

namespace DeepLead.Fakes.Tests.Journal;

/// <summary>The inspector's event stream reads the journal by position: only what was added since, the newest first when capped.</summary>
public sealed class JournalPositionTests
{
    private static JournalRow Call(long sequence) => new() { Sequence = sequence, Method = "GET", Path = "/api/v1/pools", Query = "", Status = 200, Warnings = [], CreateItems = [] };

    [Fact]
    public void Every_read_of_an_entry_gets_the_same_call()
    {
        var journal = new CallJournal(4);
        journal.Add(Call(1));
        journal.Add(Call(2));

        var first = journal.Snapshot();
        var again = journal.Since(0, max: 10).Calls;

        Assert.Same(first[0], again[0]);
        Assert.Same(first[1], again[1]);
    }

    [Fact]
    public void Since_returns_what_was_added_after_a_position_in_the_order_it_was_added()
    {
        var journal = new CallJournal(10);
        Assert.Equal(0, journal.Position);
        journal.Add(Call(1));
        journal.Add(Call(3));
        var position = journal.Position;
        journal.Add(Call(2));   // answered late: a lower number, added after
        journal.Add(Call(4));

        var (calls, next, skipped) = journal.Since(position, max: 10);

        Assert.Equal([2L, 4L], calls.Select(c => c.Sequence));
        Assert.Equal(4, next);
        Assert.Equal(0, skipped);
        Assert.Empty(journal.Since(next, 10).Calls);
    }

    [Fact]
    public void Since_caps_to_the_newest_and_counts_the_rest_including_calls_the_ring_dropped()
    {
        var journal = new CallJournal(5);
        for (var i = 1; i <= 12; i++)
        {
            journal.Add(Call(i));
        }

        var (calls, next, skipped) = journal.Since(0, max: 3);

        Assert.Equal([10L, 11L, 12L], calls.Select(c => c.Sequence));
        Assert.Equal(12, next);
        Assert.Equal(9, skipped);   // 7 dropped by the ring of 5, 2 over the cap
    }

    [Fact]
    public void After_a_clear_a_reader_gets_everything_kept_again()
    {
        var journal = new CallJournal(5);
        journal.Add(Call(1));
        journal.Add(Call(2));
        var position = journal.Position;
        journal.Clear();
        journal.Add(Call(3));

        var (calls, next, _) = journal.Since(position, max: 10);

        Assert.Equal([3L], calls.Select(c => c.Sequence));
        Assert.Equal(1, next);
    }
}
