using CsCheck;

namespace DeepLead.Fakes.Robustness.Tests.Model;

/// <summary>Generators of operations: mostly valid traffic with colliding addresses, and every kind of documented mistake.</summary>
internal static class Generators
{
    private static readonly string[] Locals = ["a", "b", "sales", "x.y", "z9", "seed.one"];
    private static readonly string[] Domains = ["gmail.com", "GMAIL.com", "outlook.com", "yahoo.co.uk", "me.com", "privateemail.com", "acme.example", "corp.example"];
    private static readonly string[] BadEmails = ["not-an-email", "a b@gmail.com", "a@b", "@gmail.com", "a@@gmail.com", "", "  "];

    private static Gen<JVal?> Absent => Gen.Const((JVal?)null);

    private static Gen<JVal?> Const(JVal value) => Gen.Const<JVal?>(value);

    private static Gen<JVal?> Raw(params string[] json) => Gen.Int[0, json.Length - 1].Select(i => (JVal?)new JRaw(json[i]));

    private static Gen<JVal?> Str(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => (JVal?)new JStr(values[i]));

    private static readonly Gen<string> ValidEmail =
        from local in Gen.Int[0, Locals.Length - 1]
        from domain in Gen.Int[0, Domains.Length - 1]
        from upper in Gen.Int[0, 3]
        select (upper == 0 ? Locals[local].ToUpperInvariant() : Locals[local]) + "@" + Domains[domain];

    private static readonly Gen<JVal?> Email = Gen.Frequency(
        (70, ValidEmail.Select(e => (JVal?)new JStr(e))),
        (8, Absent),
        (4, Const(JRaw.Null)),
        (10, Str(BadEmails)),
        (4, Raw("42", "true", "[]", "{}")));

    private static readonly Gen<JVal?> ImapPassword = Gen.Frequency(
        (80, Gen.Int[0, 99].Select(n => (JVal?)new JStr($"pw-{n}"))),
        (6, Absent),
        (4, Const(JRaw.Null)),
        (6, Str("", "   ")),
        (4, Raw("7", "false")));

    private static readonly Gen<JVal?> SmtpPassword = Gen.Frequency(
        (70, Absent),
        (20, Gen.Int[0, 99].Select(n => (JVal?)new JStr($"smtp-{n}"))),
        (5, Str("")),
        (5, Const(JRaw.Null)));

    private static readonly Gen<JVal?> PoolId = Gen.Frequency(
        (35, Absent),
        (5, Const(JRaw.Null)),
        (35, Gen.Int[0, 9].Select(i => (JVal?)new JPool(i, false))),
        (7, Gen.Int[0, 9].Select(i => (JVal?)new JPool(i, true))),
        (10, Str(ModelWorld.UnknownPoolId)),
        (5, Str("123", "zzzzzzzzzzzzzzzzzzzzzzzz", "65e0000000000000000000a", "65e0000000000000000000a1 ")),
        (3, Raw("5")));

    private static readonly Gen<JVal?> Provider = Gen.Frequency(
        (65, Absent),
        (5, Const(JRaw.Null)),
        (22, Str("google", "microsoft", "yahoo", "zoho", "icloud", "godaddy", "namecheap")),
        (8, Str("Google", "aol", "GOOGLE", "")));

    private static Gen<JVal?> Host(string valid) => Gen.Frequency(
        (80, Absent),
        (15, Str(valid, "mx1.corp.example")),
        (5, Str("not a host", "-bad-.example", "a..b")));

    private static readonly Gen<JVal?> Port = Gen.Frequency(
        (80, Absent),
        (14, Raw("993", "143", "587", "465", "25", "1", "65535")),
        (6, Raw("0", "65536", "\"993\"", "993.5", "-1")));

    private static readonly Gen<JVal?> Limit = Gen.Frequency(
        (70, Absent),
        (20, Gen.Int[1, 500].Select(n => (JVal?)new JRaw(n.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        (5, Const(JRaw.Null)),
        (5, Raw("0", "-3", "\"5\"", "2.5", "true")));

    private static readonly Gen<JVal?> Skip = Gen.Frequency((85, Absent), (10, Raw("true", "false")), (5, Raw("\"yes\"", "1")));

    private static readonly Gen<JVal?> Username = Gen.Frequency((90, Absent), (10, Str("user-x", "login@corp.example")));

    private static readonly Gen<JVal?> Unknown = Gen.Frequency((95, Absent), (5, Raw("5")));

    public static readonly Gen<ItemSpec> Object =
        from email in Email
        from password in ImapPassword
        from smtpPassword in SmtpPassword
        from pool in PoolId
        from provider in Provider
        from imapHost in Host("mail.acme.example")
        from imapPort in Port
        from smtpHost in Host("smtp.acme.example")
        from smtpPort in Port
        from limit in Limit
        from skip in Skip
        from username in Username
        from unknown in Unknown
        select Build(
            ("emailAddress", email), ("imapPassword", password), ("smtpPassword", smtpPassword), ("poolId", pool),
            ("provider", provider), ("imapHost", imapHost), ("imapPort", imapPort), ("smtpHost", smtpHost), ("smtpPort", smtpPort),
            ("dailySendingLimit", limit), ("skipConnectionTest", skip), ("imapUsername", username), ("dailyLimit", unknown));

    private static ItemSpec Build(params (string Name, JVal? Value)[] fields) =>
        new([.. fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, JVal>(f.Name, f.Value!))]);

    public static readonly Gen<ItemSpec> BatchItem = Gen.Frequency(
        (96, Object),
        (4, Gen.Int[0, 3].Select(i => new ItemSpec([], new JRaw(new[] { "42", "\"text\"", "null", "[]" }[i])))));

    public static readonly Gen<IReadOnlyList<ItemSpec>> Batch = Gen.Frequency(
        (88, BatchItem.Array[1, 6].Select(a => (IReadOnlyList<ItemSpec>)a)),
        (6, Gen.Const<IReadOnlyList<ItemSpec>>([])),
        (6, BatchItem.Array[ModelWorld.MaxBatchSize + 1, ModelWorld.MaxBatchSize + 2].Select(a => (IReadOnlyList<ItemSpec>)a)));

    private static Gen<string?> Maybe(int absent, Gen<string?> present) => Gen.Frequency((absent, Gen.Const((string?)null)), (100 - absent, present));

    private static Gen<string?> OneOf(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => (string?)values[i]);

    public static readonly Gen<ListSpec> List =
        from pool in Gen.Frequency(
            (50, Gen.Const(PoolFilterKind.None)), (30, Gen.Const(PoolFilterKind.Ref)), (8, Gen.Const(PoolFilterKind.RefUpper)),
            (7, Gen.Const(PoolFilterKind.Unknown)), (5, Gen.Const(PoolFilterKind.Malformed)))
        from poolIndex in Gen.Int[0, 9]
        from status in Maybe(55, Gen.Frequency((90, OneOf("active", "paused", "deactivated", "error")), (10, OneOf("Active", "", "deleted"))))
        from limit in Maybe(40, Gen.Frequency((88, Gen.Int[1, ModelWorld.MaxLimit].Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture))), (12, OneOf("0", "21", "abc", "-1", "1.5", "", "+3"))))
        from skip in Maybe(40, Gen.Frequency((88, Gen.Int[0, 14].Select(n => (string?)n.ToString(System.Globalization.CultureInfo.InvariantCulture))), (12, OneOf("-1", "x", "2.0", " 1"))))
        from extra in Maybe(92, OneOf("page=1", "limit=1"))
        select new ListSpec(pool, poolIndex, status, limit, skip, extra);

    public static readonly Gen<Op> Operation = Gen.Frequency(
        (30, Object.Select(i => (Op)new CreateSingle(i))),
        (20, Batch.Select(b => (Op)new CreateBatch(b))),
        (30, List.Select(l => (Op)new ListInboxes(l))),
        // A new instance per draw: concurrent runs key responses by operation reference, and a shared instance made
        // two ListPools in one parallel set a single key (a false failure whenever they saw different states).
        (8, Gen.Bool.Select(_ => (Op)new ListPools())),
        (4, Gen.Bool.Select(_ => (Op)new ResetAccount())),
        (6, Gen.Int[0, 1].Select(i => (Op)new SwitchAccount(i))),
        (2, from kind in Gen.Int[0, 3] from post in Gen.Bool select (Op)new Unauthorized(kind, post)));

    /// <summary>
    /// Operations for concurrent runs: no tenant switches, and pool references only to the seeded pools (always the
    /// first three in list order), so a reference means the same pool in every serial order.
    /// </summary>
    public static readonly Gen<Op> ConcurrentOperation = Operation.Where(op => op is not SwitchAccount).Select(SeededPoolsOnly);

    private static Op SeededPoolsOnly(Op op) => op switch
    {
        CreateSingle single => new CreateSingle(SeededPoolsOnly(single.Item)),
        CreateBatch batch => new CreateBatch([.. batch.Items.Select(SeededPoolsOnly)]),
        ListInboxes list => new ListInboxes(list.Spec with { PoolIndex = list.Spec.PoolIndex % ModelWorld.SeedPools.Length }),
        _ => op,
    };

    private static ItemSpec SeededPoolsOnly(ItemSpec item) => item with
    {
        Fields = [.. item.Fields.Select(f => f.Value is JPool pool ? new KeyValuePair<string, JVal>(f.Key, pool with { Index = pool.Index % ModelWorld.SeedPools.Length }) : f)],
    };
}
