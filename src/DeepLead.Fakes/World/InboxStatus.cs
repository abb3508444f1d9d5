namespace DeepLead.Fakes;

/// <summary>The documented inbox statuses.</summary>
public enum InboxStatus
{
    Active,
    Paused,
    Deactivated,
    Error,
}

internal static class InboxStatuses
{
    public static string ToApiValue(this InboxStatus status) => status switch
    {
        InboxStatus.Active => "active",
        InboxStatus.Paused => "paused",
        InboxStatus.Deactivated => "deactivated",
        InboxStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? value, out InboxStatus status)
    {
        switch (value)
        {
            case "active": status = InboxStatus.Active; return true;
            case "paused": status = InboxStatus.Paused; return true;
            case "deactivated": status = InboxStatus.Deactivated; return true;
            case "error": status = InboxStatus.Error; return true;
            default: status = default; return false;
        }
    }

    public const string AllowedValues = "active, paused, deactivated, error";
}
