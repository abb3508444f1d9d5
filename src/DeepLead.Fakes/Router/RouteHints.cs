using DeepLead.Fakes.Outcomes;
using DeepLead.Fakes.Protocol;

namespace DeepLead.Fakes.Router;

/// <summary>
/// "Did you mean …?" for an unknown route or a wrong method: the documented operations nearest to the request, by
/// method and an edit distance over the path's segments. Computed only for a 404 of the router, never on a served call.
/// </summary>
internal static class RouteHints
{
    /// <summary>The response header carrying the hint (the body stays the documented error shape).</summary>
    public const string Header = ApiPaths.HintHeader;

    /// <summary>Every documented operation, as the documentation writes it.</summary>
    public static readonly (string Method, string Path)[] Operations =
    [
        ("GET", "/api/v1/pools"),
        ("GET", "/api/v1/inboxes"),
        ("POST", "/api/v1/inboxes"),
    ];

    /// <summary>The documented 404 for a route the API does not have, with the hint in its header.</summary>
    public static ApiError NotFound(string method, string path)
    {
        var hint = For(method, path);
        return new ApiError(404, $"Not found: {method} {path}")
        {
            Headers = new Dictionary<string, string>(1, StringComparer.OrdinalIgnoreCase) { [Header] = hint },
        };
    }

    /// <summary>"did you mean GET /api/v1/inboxes?", naming every operation at the smallest distance.</summary>
    public static string For(string method, string path)
    {
        var segments = Segments(path);
        var best = double.MaxValue;
        var nearest = new List<string>(Operations.Length);
        foreach (var (opMethod, opPath) in Operations)
        {
            var distance = SegmentDistance(segments, Segments(opPath)) + (string.Equals(method, opMethod, StringComparison.OrdinalIgnoreCase) ? 0 : 0.5);
            if (distance < best - 1e-9)
            {
                best = distance;
                nearest.Clear();
            }
            if (distance <= best + 1e-9)
            {
                nearest.Add($"{opMethod} {opPath}");
            }
        }
        return $"did you mean {string.Join(" or ", nearest)}?";
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Levenshtein over segments: inserting or dropping a segment costs 1, changing one its relative character distance.</summary>
    private static double SegmentDistance(string[] a, string[] b)
    {
        var previous = new double[b.Length + 1];
        var current = new double[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + Change(a[i - 1], b[j - 1]));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>0 for the same segment; a case difference is nearly free; otherwise the share of characters to edit.</summary>
    private static double Change(string given, string documented)
    {
        if (string.Equals(given, documented, StringComparison.Ordinal))
        {
            return 0;
        }
        var edits = CharDistance(given.ToLowerInvariant(), documented);
        return edits == 0 ? 0.1 : Math.Min(1, (double)edits / Math.Max(given.Length, documented.Length));
    }

    public static int CharDistance(string a, string b)
    {
        if (a.Length > 64)
        {
            return Math.Max(a.Length, b.Length);
        }
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
