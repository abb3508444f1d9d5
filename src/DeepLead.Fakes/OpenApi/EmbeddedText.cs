namespace DeepLead.Fakes;

/// <summary>The documents this assembly ships as resources (the OpenAPI document, the scenario schema).</summary>
internal static class EmbeddedText
{
    public static Stream Open(string resourceName) =>
        typeof(EmbeddedText).Assembly.GetManifestResourceStream(resourceName)
        ?? throw new InvalidOperationException($"The embedded resource '{resourceName}' is missing from {typeof(EmbeddedText).Assembly.GetName().Name}.");

    public static string Read(string resourceName)
    {
        using var stream = Open(resourceName);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
