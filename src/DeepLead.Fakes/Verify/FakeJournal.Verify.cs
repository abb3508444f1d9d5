using System.Globalization;
using System.Text;
using DeepLead.Fakes.Verify;

namespace DeepLead.Fakes;

public sealed partial class FakeJournal
{
    private readonly HashSet<long> _verified = [];

    /// <summary>
    /// Checks that the kept calls include <paramref name="times"/> calls matching <paramref name="match"/> (at least one
    /// when null), and returns them. They count as verified for <see cref="VerifyNoOtherCalls"/>.
    /// </summary>
    /// <exception cref="FakeVerificationException">Too few or too many: the message shows the closest calls and what differs.</exception>
    public IReadOnlyList<FakeCall> Verify(FakeCallMatch match, int? times = null)
    {
        Verifier.ThrowIfUnverifiable(match);
        if (times is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(times), times, "must be 0 or more");
        }
        var calls = Calls;
        var matching = calls.Where(call => Verifier.Matches(match, call)).ToList();
        var satisfied = times is { } exactly ? matching.Count == exactly : matching.Count > 0;
        if (!satisfied)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"Expected {Verifier.Times(times)} matching {match}; found {matching.Count}.");
            foreach (var call in matching)
            {
                text.Append("\n  matched ").Append(Verifier.Line(call));
            }
            var closest = matching.Count < (times ?? 1) ? Verifier.Closest(match, calls) : [];
            Verifier.AppendClosest(text, closest, calls.Count);
            throw new FakeVerificationException(text.ToString(), matching.Count, closest);
        }
        MarkVerified(matching);
        return matching;
    }

    /// <summary>
    /// Checks that calls matching each description were made in this order (other calls may come between), and marks the
    /// calls found as verified.
    /// </summary>
    /// <exception cref="FakeVerificationException">The first description with no matching call after the previous one's, with the closest calls.</exception>
    public void VerifyInOrder(params FakeCallMatch[] matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        foreach (var match in matches)
        {
            Verifier.ThrowIfUnverifiable(match);
        }
        var calls = Calls;
        var found = new List<FakeCall>(matches.Length);
        var from = 0;
        for (var i = 0; i < matches.Length; i++)
        {
            var at = -1;
            for (var j = from; j < calls.Count; j++)
            {
                if (Verifier.Matches(matches[i], calls[j]))
                {
                    at = j;
                    break;
                }
            }
            if (at < 0)
            {
                var text = new StringBuilder("Expected calls in this order:");
                for (var k = 0; k < matches.Length; k++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\n  {k + 1}. {matches[k]}");
                    if (k < found.Count)
                    {
                        text.Append(" (").Append(Verifier.Line(found[k])).Append(')');
                    }
                }
                var after = found.Count > 0 ? $" after #{found[^1].Sequence.ToString(CultureInfo.InvariantCulture)}" : "";
                var earlier = calls.Take(from).Where(call => Verifier.Matches(matches[i], call)).ToList();
                text.Append(CultureInfo.InvariantCulture, $"\nNo call{after} matches {i + 1}.");
                if (earlier.Count > 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $" It matched earlier, out of order: {string.Join(", ", earlier.Select(c => "#" + c.Sequence.ToString(CultureInfo.InvariantCulture)))}.");
                }
                var closest = Verifier.Closest(matches[i], calls.Skip(from));
                Verifier.AppendClosest(text, closest, calls.Count);
                throw new FakeVerificationException(text.ToString(), found.Count, closest);
            }
            found.Add(calls[at]);
            from = at + 1;
        }
        MarkVerified(found);
    }

    /// <summary>Checks that every kept call was matched by a successful <see cref="Verify"/> or <see cref="VerifyInOrder"/> on this journal.</summary>
    /// <exception cref="FakeVerificationException">Lists the calls no verification matched.</exception>
    public void VerifyNoOtherCalls()
    {
        List<FakeCall> others;
        lock (_verified)
        {
            others = [.. Calls.Where(call => !_verified.Contains(call.Sequence))];
        }
        if (others.Count == 0)
        {
            return;
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Expected no calls other than those verified; found {others.Count}:");
        foreach (var call in others)
        {
            text.Append("\n  ").Append(Verifier.Line(call));
        }
        throw new FakeVerificationException(text.ToString(), others.Count, []);
    }

    private void MarkVerified(IEnumerable<FakeCall> calls)
    {
        lock (_verified)
        {
            foreach (var call in calls)
            {
                _verified.Add(call.Sequence);
            }
        }
    }

    /// <summary>Checks that no kept call went to an unknown route or used a wrong method (each answered 404 with a hint).</summary>
    /// <exception cref="FakeVerificationException">Lists each such call with the nearest documented operations.</exception>
    public void VerifyNoUnknownRoutes()
    {
        var unknown = Calls.Where(call => call.Trace is { DecidedBy: Outcomes.DecidedBy.Route }).ToList();
        if (unknown.Count == 0)
        {
            return;
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Expected calls to documented operations only; {unknown.Count} went to an unknown route or used a wrong method:");
        foreach (var call in unknown)
        {
            text.Append("\n  ").Append(global::DeepLead.Fakes.Verify.Verifier.Line(call)).Append(": ").Append(call.Explanation.Hint);
        }
        throw new FakeVerificationException(text.ToString(), unknown.Count, []);
    }
}
