namespace DeepLead.Fakes;

/// <summary>The permission names an API key can hold; each documented endpoint needs one.</summary>
public static class Permissions
{
    public const string PoolsRead = "pools:read";
    public const string InboxesRead = "inboxes:read";
    public const string InboxesWrite = "inboxes:write";

    /// <summary>Every permission: what a key gets when none are named.</summary>
    public static IReadOnlyList<string> All { get; } = [PoolsRead, InboxesRead, InboxesWrite];

    /// <summary>The read permissions only.</summary>
    public static IReadOnlyList<string> ReadOnly { get; } = [PoolsRead, InboxesRead];

    internal static bool IsKnown(string permission) => All.Contains(permission, StringComparer.Ordinal);
}
