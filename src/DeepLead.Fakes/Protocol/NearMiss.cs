namespace DeepLead.Fakes.Protocol;

/// <summary>
/// An unknown name so close to a documented one that it is almost surely a bug in the caller: the same name in
/// another letter case (<c>LIMIT</c>), with the <c>[]</c> suffix array-writing clients add (<c>status[]</c>), at most two
/// edits away (<c>lmit</c>, <c>staus</c>), or two or more of a documented name's words in order (<c>dailyLimit</c>).
/// </summary>
internal static class NearMiss
{
    /// <summary>The documented name <paramref name="name"/> nearly is, or null when it is not near any.</summary>
    public static string? Find(string name, IEnumerable<string> documented)
    {
        if (name.Length == 0)
        {
            return null;
        }
        var bare = name.EndsWith("[]", StringComparison.Ordinal) ? name[..^2] : name;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in documented)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return null;
            }
            var distance = string.Equals(bare, candidate, StringComparison.OrdinalIgnoreCase)
                ? 0
                : Math.Min(Distance(bare.ToLowerInvariant(), candidate.ToLowerInvariant(), 2), IsWordSubsequence(bare, candidate) ? 2 : int.MaxValue);
            if (distance <= 2 && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment); anything above <paramref name="cap"/> is cap + 1.</summary>
    private static int Distance(string a, string b, int cap)
    {
        if (Math.Abs(a.Length - b.Length) > cap)
        {
            return cap + 1;
        }
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return Math.Min(d[a.Length, b.Length], cap + 1);
    }

    /// <summary><c>dailyLimit</c> in <c>dailySendingLimit</c>: two or more camel-case words, each one of the documented name's, in order.</summary>
    private static bool IsWordSubsequence(string name, string documented)
    {
        var words = Words(name);
        if (words.Count < 2)
        {
            return false;
        }
        var of = Words(documented);
        var at = 0;
        foreach (var word in words)
        {
            while (at < of.Count && !string.Equals(of[at], word, StringComparison.OrdinalIgnoreCase))
            {
                at++;
            }
            if (at++ >= of.Count)
            {
                return false;
            }
        }
        return true;
    }

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || char.IsUpper(name[i]) || name[i] is '_' or '-')
            {
                var word = name[start..i].Trim('_', '-');
                if (word.Length > 0)
                {
                    words.Add(word);
                }
                start = i;
            }
        }
        return words;
    }
}
