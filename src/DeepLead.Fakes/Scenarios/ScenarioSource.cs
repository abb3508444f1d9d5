using System.Reflection;
using DeepLead.Fakes.Scenarios;

namespace DeepLead.Fakes;

/// <summary>Where a scenario comes from: a file, JSON text, a stream, or one of the scenarios shipped in this library.</summary>
public sealed class ScenarioSource
{
    private const string ShippedPrefix = "DeepLead.Fakes.Scenarios.";

    private readonly Func<byte[]> _read;

    private ScenarioSource(string description, Func<byte[]> read)
    {
        Description = description;
        _read = read;
    }

    /// <summary>The file path or name used in error messages.</summary>
    public string Description { get; }

    /// <summary>A scenario file, read when the fake starts (and re-read on every start).</summary>
    public static ScenarioSource File(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new ScenarioSource(path, () => ScenarioLoader.ReadFile(path));
    }

    /// <summary>A scenario as JSON text; <paramref name="name"/> appears in error messages.</summary>
    public static ScenarioSource Json(string json, string name = "inline scenario")
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        return new ScenarioSource(name, () => bytes);
    }

    /// <summary>
    /// A scenario as UTF-8 JSON, kept as given: the array is not copied, so do not change it afterwards. Not held to
    /// <see cref="MaxBytes"/> (the bytes are in memory already); the limit on inboxes applies
    /// (<see cref="DeepLeadFakeOptions.MaxScenarioInboxes"/>). For hosts that keep a large scenario's bytes themselves.
    /// </summary>
    public static ScenarioSource Utf8Json(byte[] json, string name = "inline scenario")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(name);
        return new ScenarioSource(name, () => json);
    }

    /// <summary>A scenario read from a stream now (the stream is not kept).</summary>
    public static ScenarioSource Stream(Stream stream, string name = "scenario stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = ScenarioLoader.ReadCapped(stream, name);
        return new ScenarioSource(name, () => bytes);
    }

    /// <summary>A scenario shipped with the library (see <see cref="ShippedNames"/>), e.g. <c>"default"</c>.</summary>
    public static ScenarioSource Shipped(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!ShippedNames.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException($"No shipped scenario is called '{name}'. Shipped: {string.Join(", ", ShippedNames)}.", nameof(name));
        }
        return new ScenarioSource($"shipped:{name}", () =>
        {
            using var stream = typeof(ScenarioSource).Assembly.GetManifestResourceStream(ShippedPrefix + name + ".json")!;
            return ScenarioLoader.ReadCapped(stream, name);
        });
    }

    /// <summary>The names of the scenarios shipped with the library.</summary>
    public static IReadOnlyList<string> ShippedNames { get; } = typeof(ScenarioSource).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ShippedPrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ShippedPrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>
    /// The largest scenario accepted from a <see cref="Stream"/> (and by the stub's upload), in bytes: refused before it
    /// is read whole. Files are not held to it (a copy of a million-inbox account is about 190 MiB): they are limited by
    /// <see cref="DeepLeadFakeOptions.MaxScenarioInboxes"/> and, being read whole, by .NET's largest array (2 GiB).
    /// </summary>
    internal const long MaxBytes = ScenarioLoader.MaxFileBytes;

    /// <summary>
    /// Reads this scenario's bytes now, so a host can keep the scenario as it was (a later edit on disk changes
    /// nothing) and load it again with <see cref="Stream"/>. A missing, unreadable or oversized file fails here; whether
    /// the bytes are a valid scenario is checked when a fake loads them.
    /// </summary>
    /// <exception cref="ScenarioException">The scenario cannot be read: where and why.</exception>
    public byte[] ReadBytes() => _read();

    internal LoadedScenario Load() => ScenarioLoader.Load(_read(), Description);

    public override string ToString() => Description;
}
