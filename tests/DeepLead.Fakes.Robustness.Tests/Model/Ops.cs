using System.Text;
using System.Text.Json;

namespace DeepLead.Fakes.Robustness.Tests.Model;

/// <summary>A JSON value in a generated request: a string, raw JSON (numbers, booleans, null, arrays), or a reference to a pool.</summary>
internal abstract record JVal
{
    public abstract string Render(Func<int, bool, string> poolId);
}

internal sealed record JStr(string Value) : JVal
{
    public override string Render(Func<int, bool, string> poolId) => JsonSerializer.Serialize(Value);
    public override string ToString() => JsonSerializer.Serialize(Value);
}

internal sealed record JRaw(string Json) : JVal
{
    public static readonly JRaw Null = new("null");
    public override string Render(Func<int, bool, string> poolId) => Json;
    public override string ToString() => Json;
}

/// <summary>The <paramref name="Index"/>-th pool of the account at the time of the request (modulo the count); upper-cased hex when asked.</summary>
internal sealed record JPool(int Index, bool Upper) : JVal
{
    public override string Render(Func<int, bool, string> poolId) => JsonSerializer.Serialize(poolId(Index, Upper));
    public override string ToString() => $"pool[{Index}]{(Upper ? "^" : "")}";
}

/// <summary>One create item: an object with these fields in this order, or (Raw set) a JSON value that is not an object.</summary>
internal sealed record ItemSpec(IReadOnlyList<KeyValuePair<string, JVal>> Fields, JRaw? Raw = null)
{
    public bool IsObject => Raw is null;

    public JVal? Get(string name) => Fields.FirstOrDefault(f => f.Key == name).Value;

    public string Render(Func<int, bool, string> poolId)
    {
        if (Raw is not null)
        {
            return Raw.Json;
        }
        var text = new StringBuilder("{");
        for (var i = 0; i < Fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }
            text.Append(JsonSerializer.Serialize(Fields[i].Key)).Append(':').Append(Fields[i].Value.Render(poolId));
        }
        return text.Append('}').ToString();
    }

    public override string ToString() => Raw?.Json ?? "{" + string.Join(", ", Fields.Select(f => $"{f.Key}: {f.Value}")) + "}";
}

internal enum PoolFilterKind { None, Ref, RefUpper, Unknown, Malformed }

/// <summary>A GET /inboxes query: each part absent (null) or a raw value, plus an optional extra raw part.</summary>
internal sealed record ListSpec(PoolFilterKind Pool, int PoolIndex, string? Status, string? Limit, string? Skip, string? Extra)
{
    public string Query(Func<int, bool, string> poolId)
    {
        var parts = new List<string>();
        switch (Pool)
        {
            case PoolFilterKind.Ref: parts.Add("poolId=" + poolId(PoolIndex, false)); break;
            case PoolFilterKind.RefUpper: parts.Add("poolId=" + poolId(PoolIndex, true)); break;
            case PoolFilterKind.Unknown: parts.Add("poolId=" + ModelWorld.UnknownPoolId); break;
            case PoolFilterKind.Malformed: parts.Add("poolId=" + Uri.EscapeDataString("not-a-pool")); break;
        }
        if (Status is not null) parts.Add("status=" + Uri.EscapeDataString(Status));
        if (Limit is not null) parts.Add("limit=" + Uri.EscapeDataString(Limit));
        if (Skip is not null) parts.Add("skip=" + Uri.EscapeDataString(Skip));
        if (Extra is not null) parts.Add(Extra);
        return parts.Count == 0 ? "inboxes" : "inboxes?" + string.Join("&", parts);
    }

    public override string ToString() => Query((i, u) => $"pool[{i}]{(u ? "^" : "")}");
}

internal abstract record Op;

internal sealed record CreateSingle(ItemSpec Item) : Op
{
    public override string ToString() => $"CreateSingle {Item}";
}

internal sealed record CreateBatch(IReadOnlyList<ItemSpec> Items) : Op
{
    public override string ToString() => $"CreateBatch [{string.Join(", ", Items)}]";
}

internal sealed record ListInboxes(ListSpec Spec) : Op
{
    public override string ToString() => $"List {Spec}";
}

internal sealed record ListPools : Op
{
    public override string ToString() => "ListPools";
}

internal sealed record ResetAccount : Op
{
    public override string ToString() => "Reset";
}

internal sealed record SwitchAccount(int Index) : Op
{
    public override string ToString() => $"Switch {Index}";
}

/// <summary>0: no Authorization header, 1: an unknown bearer key, 2: another scheme, 3: a bearer key of another case.</summary>
internal sealed record Unauthorized(int Kind, bool Post) : Op
{
    public override string ToString() => $"Unauthorized kind {Kind} {(Post ? "POST" : "GET")}";
}

/// <summary>A number per operation instance, the same whichever side (fake or model) asks first.</summary>
internal static class OpIds
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Op, object> Ids = [];
    private static int _next;

    public static int Of(Op op) => (int)Ids.GetValue(op, _ => Interlocked.Increment(ref _next));
}
