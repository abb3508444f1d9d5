using System.Security.Cryptography;
using System.Text;

namespace DeepLead.Fakes;

/// <summary>Secrets are kept only as hashes, so no dump, log or journal of the fake can reveal one.</summary>
internal static class SecretHash
{
    public static string Of(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
