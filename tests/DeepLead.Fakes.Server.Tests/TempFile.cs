namespace DeepLead.Fakes.Server.Tests;

/// <summary>A file (or just a free path) in the temp directory, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string? content = null, string extension = ".json")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "deeplead-stub-test-" + Guid.NewGuid().ToString("N") + extension);
        if (content is not null)
        {
            File.WriteAllText(Path, content);
        }
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
