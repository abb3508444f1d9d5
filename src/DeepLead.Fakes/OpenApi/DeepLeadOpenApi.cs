namespace DeepLead.Fakes;

/// <summary>
/// The OpenAPI 3.1 document of the DeepLead API, exactly as documented plus this fake's documented decisions where
/// the documentation is silent (see docs/behaviour.md). It ships inside this assembly, so a client
/// project can validate against it without a copy of its own.
/// <code>
/// using var document = JsonDocument.Parse(DeepLeadOpenApi.Json);
/// </code>
/// </summary>
public static class DeepLeadOpenApi
{
    /// <summary>The manifest resource name of the embedded document.</summary>
    public const string ResourceName = "DeepLead.Fakes.Contract.openapi.json";

    private static readonly Lazy<string> Text = new(() => EmbeddedText.Read(ResourceName), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The document's text (UTF-8 JSON, OpenAPI 3.1).</summary>
    public static string Json => Text.Value;

    /// <summary>A fresh read-only stream over the document; the caller disposes it.</summary>
    public static Stream Open() => EmbeddedText.Open(ResourceName);
}
