using System.Security.Cryptography;
using System.Text;

namespace DeepLead.Fakes;

/// <summary>Secrets are kept only as hashes, so no dump, log or journal of the fake can reveal one.</summary>
internal static class SecretHash
{
    /// <summary>
    /// The last hash made, handed out again when the next one is equal: the inboxes of a batch or a load test mostly
    /// share a password, and a hash is 150 bytes each (twice per inbox: IMAP and SMTP). Only the hash is kept, never
    /// the secret; a race between threads only loses the sharing.
    /// </summary>
    private static string? s_last;

    public static string Of(string secret)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        var last = Volatile.Read(ref s_last);
        if (last is not null && string.Equals(hash, last, StringComparison.Ordinal))
        {
            return last;
        }
        Volatile.Write(ref s_last, hash);
        return hash;
    }
}
