namespace DeepLead.Fakes;

/// <summary>
/// The JSON Schema of scenario files (draft 2020-12), as shipped in this assembly and beside it in the package
/// (<c>schemas/scenario.schema.json</c>). Write it next to your own scenarios and point their <c>$schema</c> at it for
/// completion and checking in an editor; the stub writes the same file with <c>deeplead-fake schema</c>.
/// <code>
/// File.WriteAllText("scenario.schema.json", ScenarioSchema.Json);
/// </code>
/// </summary>
public static class ScenarioSchema
{
    private const string ResourceName = "DeepLead.Fakes.scenario.schema.json";

    private static readonly Lazy<string> Text = new(() => EmbeddedText.Read(ResourceName), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The schema's text (UTF-8 JSON).</summary>
    public static string Json => Text.Value;
}
