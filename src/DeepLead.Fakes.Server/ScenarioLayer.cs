namespace DeepLead.Fakes.Server;

/// <summary>
/// One scenario as the stub holds it: its name (the file path, <c>shipped:NAME</c>, or the name given at upload) and
/// its bytes, read once. Layers are kept as bytes so that reloading, layering or going back to the start-up scenarios
/// always rebuilds the same state, even if a file changed on disk since the stub started.
/// </summary>
internal sealed record ScenarioLayer(string Name, byte[] Json, bool FromStart)
{
    public const string ShippedPrefix = "shipped:";

    /// <summary>A <c>--scenario</c> value: a file, or <c>shipped:NAME</c> when no such file exists.</summary>
    /// <remarks>Only read here: the fake checks it while its port opens, so the two overlap (start-up time).</remarks>
    /// <exception cref="ScenarioException">The file is missing, unreadable or too large.</exception>
    public static ScenarioLayer AtStart(string spec)
    {
        if (spec.StartsWith(ShippedPrefix, StringComparison.Ordinal) && !File.Exists(spec))
        {
            var name = spec[ShippedPrefix.Length..];
            if (!ScenarioSource.ShippedNames.Contains(name, StringComparer.Ordinal))
            {
                throw new ScenarioException(spec, null, null, null,
                    $"no shipped scenario is called '{name}'; shipped: {string.Join(", ", ScenarioSource.ShippedNames)}");
            }
            return new ScenarioLayer(spec, ScenarioSource.Shipped(name).ReadBytes(), FromStart: true);
        }
        return new ScenarioLayer(spec, ScenarioSource.File(spec).ReadBytes(), FromStart: true);
    }

    /// <summary>The layer's own bytes, not a copy: a copy of a million-inbox account is about 190 MiB (the layer never changes them).</summary>
    public ScenarioSource ToSource() => ScenarioSource.Utf8Json(Json, Name);
}
