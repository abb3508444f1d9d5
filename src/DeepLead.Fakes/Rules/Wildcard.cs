namespace DeepLead.Fakes.Rules;

/// <summary><c>*</c> matches any run of characters (including none); everything else is literal, case-insensitive.</summary>
internal static class Wildcard
{
    public static bool IsMatch(string pattern, string value) => IsMatch(pattern.AsSpan(), value.AsSpan());

    private static bool IsMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> value)
    {
        // Greedy with a single backtrack point: linear for patterns like "*@broken.example".
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (p < pattern.Length && char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(value[v]))
            {
                p++;
                v++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
