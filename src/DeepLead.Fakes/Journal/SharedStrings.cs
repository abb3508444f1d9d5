using System.Collections.Concurrent;

namespace DeepLead.Fakes.Journal;

/// <summary>
/// One instance of each path, query and redacted key the journal keeps (a test, or a load, asks the same few again and again), so
/// an entry holds no string made for its own call. Bounded: past <see cref="MaxEntries"/> strings, or for a long one,
/// the call's own string is kept.
/// </summary>
internal sealed class SharedStrings
{
    private const int MaxEntries = 4096;
    private const int MaxLength = 256;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _count;

    public SharedStrings() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(string text) => Get(text.AsSpan(), text);

    public string Get(ReadOnlySpan<char> text, string? made = null)
    {
        if (text.Length > MaxLength)
        {
            return made ?? text.ToString();
        }
        if (_lookup.TryGetValue(text, out var shared))
        {
            return shared;
        }
        var value = made ?? text.ToString();
        if (Volatile.Read(ref _count) < MaxEntries && _strings.TryAdd(value, value))
        {
            Interlocked.Increment(ref _count);
        }
        return value;
    }
}
