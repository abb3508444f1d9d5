using System.Globalization;

namespace DeepLead.Fakes.Robustness.Tests.Model;

/// <summary>
/// The canonical text of a response: the parts the model can predict (statuses, addresses, per-item outcomes, totals,
/// pages, pool labels), nothing it cannot (generated ids, message wording). Model and fake are compared in this form.
/// </summary>
internal static class Canon
{
    public static string Timestamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Fields(IEnumerable<string> fields, IEnumerable<string> tolerated) =>
        "[" + string.Join(",", fields.Except(tolerated, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "]";

    public static string ValidationError(IEnumerable<string> fields, IEnumerable<string> tolerated) => "400 " + Fields(fields, tolerated);

    public static string InvalidItem(IEnumerable<string> fields, IEnumerable<string> tolerated) => "invalid" + Fields(fields, tolerated);

    public static string Pools(IEnumerable<(string Label, string Name, int Count, DateTimeOffset CreatedAt)> pools) =>
        "[" + string.Join(" ", pools.Select(p => $"{p.Label}|{p.Name}|{p.Count}|{Timestamp(p.CreatedAt)}")) + "]";

    public static string Inboxes(IEnumerable<(string Email, string PoolLabel, string Status, int Limit, DateTimeOffset CreatedAt)> inboxes) =>
        "[" + string.Join(" ", inboxes.Select(i => $"{i.Email}|{i.PoolLabel}|{i.Status}|{i.Limit}|{Timestamp(i.CreatedAt)}")) + "]";

    public static string CreateResult(bool success, int total, int created, (string Label, string Name)? autoPool, IEnumerable<(string? Echo, string Result)> results) =>
        $"200 success={success} summary={total}/{created}/{total - created} auto={(autoPool is { } a ? a.Label + "|" + a.Name : "-")} results=[{string.Join(" ", results.Select(r => (r.Echo ?? "-") + ":" + r.Result))}]";

    /// <summary>The parameters whose report is not settled for this query (a repeated parameter may stop the reading there).</summary>
    public static string[] ListTolerated(ListSpec spec) =>
        spec.Extra == "limit=1" && spec.Limit is not null ? ["poolId", "status", "skip", "page"] : [];

    /// <summary>An auto-created pool named by the inboxes it holds (in list order), for comparing states reached concurrently.</summary>
    public static string ContentLabel(IEnumerable<string> emails) => "auto{" + string.Join(",", emails) + "}";

    public static string Stored(ModelWorld.Stored s) =>
        $"{s.Provider ?? "-"}|{s.ImapHost}:{s.ImapPort}|{s.SmtpHost}:{s.SmtpPort}|{s.ImapUsername}|{s.SmtpUsername}";
}
