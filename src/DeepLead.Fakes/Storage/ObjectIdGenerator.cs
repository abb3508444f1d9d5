using System.Globalization;

namespace DeepLead.Fakes.Storage;

/// <summary>
/// ObjectId-like ids (24 lowercase hex characters): seconds of the clock, four bytes from the seed and a counter.
/// The same seed, clock and sequence of creations give the same ids.
/// </summary>
internal sealed class ObjectIdGenerator
{
    private readonly uint _seedBytes;
    private uint _counter;

    public ObjectIdGenerator(int seed)
    {
        // A fixed mix (not string.GetHashCode, which is randomised per process) spreads nearby seeds apart.
        var mixed = unchecked((uint)seed * 2654435761u) ^ 0x5DEECE66u;
        _seedBytes = mixed;
        _counter = (uint)(seed & 0xFFFF) << 8;
    }

    public uint Counter
    {
        get => _counter;
        set => _counter = value;
    }

    public string Next(DateTimeOffset now)
    {
        var seconds = (uint)Math.Clamp(now.ToUnixTimeSeconds(), 0, uint.MaxValue);
        var counter = unchecked(++_counter);
        return string.Create(24, (seconds, _seedBytes, counter), static (span, state) =>
        {
            state.seconds.TryFormat(span[..8], out _, "x8", CultureInfo.InvariantCulture);
            state._seedBytes.TryFormat(span.Slice(8, 8), out _, "x8", CultureInfo.InvariantCulture);
            state.counter.TryFormat(span.Slice(16, 8), out _, "x8", CultureInfo.InvariantCulture);
        });
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static bool IsWellFormed(string? id)
    {
        if (id is null || id.Length != 24)
        {
            return false;
        }
        foreach (var c in id)
        {
            // Not char.IsAsciiHexDigit: a call per character in code not yet optimized (a large scenario's first load).
            if ((uint)(c - '0') > 9 && (uint)((c | 0x20) - 'a') > 'f' - 'a')
            {
                return false;
            }
        }
        return true;
    }
}
