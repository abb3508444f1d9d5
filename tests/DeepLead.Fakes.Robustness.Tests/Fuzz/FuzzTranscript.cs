using System.Security.Cryptography;
using System.Text;

namespace DeepLead.Fakes.Robustness.Tests.Fuzz;

/// <summary>
/// A digest of a fuzz run's requests in index order: each request is hashed alone (so workers can hash what they send
/// in any order), then the hashes are hashed in index order. Two runs with the same digest sent the same requests.
/// </summary>
internal sealed class FuzzTranscript(int first, int count)
{
    public const string LinePrefix = "fuzz transcript sha256: ";

    private readonly byte[][] _hashes = new byte[count][];

    /// <summary>Records one request; safe from several workers, each index once.</summary>
    public void Add(FuzzRequest request) => _hashes[request.Index - first] = Hash(request);

    public string Digest()
    {
        using var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var hash in _hashes)
        {
            total.AppendData(hash ?? throw new InvalidOperationException("a request of the run was never drawn"));
        }
        return Convert.ToHexStringLower(total.GetHashAndReset());
    }

    /// <summary>The digest of the requests <paramref name="count"/> indexes from <paramref name="first"/> draw.</summary>
    public static string Of(FuzzGenerator generator, int first, int count)
    {
        var transcript = new FuzzTranscript(first, count);
        for (var index = first; index < first + count; index++)
        {
            transcript.Add(generator.Next(index));
        }
        return transcript.Digest();
    }

    private static byte[] Hash(FuzzRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Field(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        void Text(string? text) => Field(text is null ? [0xFF] : Encoding.UTF8.GetBytes("\"" + text));

        Text(request.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Text(request.Method);
        Text(request.PathAndQuery);
        Text(request.Authorization);
        Text(request.ContentType);
        Field(request.Body is null ? [0xFF] : [0x00, .. request.Body]);
        Text(string.Join(",", request.Allowed));
        Text(request.ServerRefusal?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return hash.GetHashAndReset();
    }
}
