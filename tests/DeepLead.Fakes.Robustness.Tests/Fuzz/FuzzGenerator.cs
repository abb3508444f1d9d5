using System.Globalization;
using System.Text;

namespace DeepLead.Fakes.Robustness.Tests.Fuzz;

/// <summary>
/// A seeded generator of random and mutated requests to every endpoint, each computed from (seed, index) alone, in every
/// process and whatever the worker count, so any one can be replayed. It also works out what the documentation allows
/// each to answer (routing, then auth, then input).
/// </summary>
internal sealed partial class FuzzGenerator(int seed, FuzzKeys keys)
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxBatchSize = 100;

    private static readonly int[] NotFound = [404];
    private static readonly int[] Unauthorized = [401];
    private static readonly int[] Forbidden = [403];
    private static readonly int[] BadRequest = [400];
    private static readonly int[] ListOutcomes = [200, 400, 404];
    private static readonly int[] CreateOutcomes = [200, 400, 404, 409];

    private static readonly string[] Fields =
    [
        "emailAddress", "poolId", "imapPassword", "smtpPassword", "provider", "imapHost", "imapPort",
        "smtpHost", "smtpPort", "imapUsername", "smtpUsername", "dailySendingLimit", "skipConnectionTest",
    ];

    private static readonly string[] Junk =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e400", "-0", "99999999999999999999999", "2147483648", "-2147483649", "1E2", "0.0",
        "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ☃ עברית\"", "\"\\t\\n\\r\"", "\"a\\\"b\"",
        "[]", "{}", "[1,2]", "{\"a\":1}", "[null]", "\"587\"", "\"993.0\"", "\"google\"", "\"GOOGLE\"", "\"imap.gmail.com\"", "\"not a host\"",
        "\"x@y.z\"", "\"a@gmail.com\"", "\"0123456789abcdef01234567\"", "\"507F1F77BCF86CD799439011\"",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json;charset=latin1", " application/json ",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json-patch+json",
        "application/jsonx", "application/*", "*/*", "text/json", "",
    ];

    private static readonly string[] UnknownPaths =
    [
        "/api/v1", "/api/v1/", "/api/v1/pools/", "/api/v1/inboxes/", "/api/v1/inbox", "/api/v1/pool", "/api/v1/inboxes/507f1f77bcf86cd799439011",
        "/api/v1/pools/507f1f77bcf86cd799439011", "/api/v1/pools/507f1f77bcf86cd799439011/inboxes", "/api/v1/Inboxes", "/api/v1/POOLS",
        "/api/v1//inboxes", "/api/v1/inboxes.json", "/api/v1/inboxes;x=1", "/api/v1/%E2%98%83", "/api/v1/inboxes%20", "/api/v1/" + new string('a', 2000),
        "/api/v1/inboxes/%2F", "/api/v1/__admin/health",
    ];

    private static readonly string[] OutsidePaths = ["/", "/api", "/api/v2/pools", "/API/V1/pools", "/api/v1x/pools", "/favicon.ico", "/api/v1.0/pools"];

    private readonly FuzzKeys _keys = keys;

    public FuzzRequest Next(int index)
    {
        var rng = new Random(RequestSeed(seed, index));
        var roll = rng.Next(100);
        string method;
        string path;
        if (roll < 45)
        {
            (method, path) = ("POST", "/api/v1/inboxes");
        }
        else if (roll < 70)
        {
            (method, path) = ("GET", "/api/v1/inboxes");
        }
        else if (roll < 82)
        {
            (method, path) = ("GET", "/api/v1/pools");
        }
        else if (roll < 90)
        {
            method = Pick(rng, "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO");
            path = Pick(rng, "/api/v1/inboxes", "/api/v1/pools");
        }
        else if (roll < 97)
        {
            method = Pick(rng, "GET", "POST", "DELETE");
            path = OddPath(rng) ?? Pick(rng, UnknownPaths);
        }
        else
        {
            method = Pick(rng, "GET", "POST");
            path = OddPath(rng) ?? Pick(rng, OutsidePaths);
        }

        var (authorization, authClass) = Auth(rng);
        var query = Query(rng, method, path);
        string? contentType = null;
        byte[]? body = null;
        var bodyKind = "none";
        var bodyClass = BodyClass.Any;
        if (method == "POST" || rng.Next(20) == 0)
        {
            (body, bodyKind, bodyClass) = Body(rng, index);
            contentType = rng.Next(10) < 8 ? "application/json" : Pick(rng, ContentTypes);
        }
        var refusal = ServerLimits.RefusalStatus(method, path + query, authorization);
        if (refusal is not null && body is not null)
        {
            // The server answers and closes before reading a body: a client still sending one may see the connection
            // reset instead of the answer, which says nothing about the fake. So these requests carry none.
            (body, contentType, bodyKind, bodyClass) = (null, null, "none (past the server's limits)", BodyClass.Any);
        }

        var allowed = Expected(method, path, query, authClass, contentType, body, bodyClass);
        return new FuzzRequest(index, method, path + query, authorization, contentType, body, bodyKind, allowed, refusal);
    }

    /// <summary>
    /// A fixed mix of (seed, index): SplitMix64's finalizer. Not <see cref="HashCode"/>, which is randomized per process,
    /// so every process drew different requests for the same seed. A seeded <see cref="Random"/> is itself stable.
    /// </summary>
    internal static int RequestSeed(int seed, int index)
    {
        var z = (((ulong)(uint)seed << 32) | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z ^ (z >> 32));
    }

    private enum AuthClass { Full, ReadOnly, Invalid }

    private enum BodyClass { Any, TooLarge, TooManyItems, NotJson }

    private (string? Header, AuthClass Class) Auth(Random rng)
    {
        var roll = rng.Next(100);
        if (roll < 60) return ("Bearer " + _keys.Full, AuthClass.Full);
        if (roll < 65) return (Pick(rng, "bearer ", "BEARER ", "Bearer  ") + _keys.Full + Pick(rng, "", " ", "  "), AuthClass.Full);
        if (roll < 70) return ("Bearer " + _keys.Tenant, AuthClass.Full);
        if (roll < 77) return ("Bearer " + _keys.ReadOnly, AuthClass.ReadOnly);
        return rng.Next(13) switch
        {
            0 => (null, AuthClass.Invalid),
            1 => ("Bearer", AuthClass.Invalid),
            2 => ("Bearer ", AuthClass.Invalid),
            3 => ("Basic " + _keys.Full, AuthClass.Invalid),
            4 => ("Token " + _keys.Full, AuthClass.Invalid),
            5 => ("Bearer " + _keys.Full.ToUpperInvariant(), AuthClass.Invalid),
            6 => ("Bearer " + _keys.Revoked, AuthClass.Invalid),
            7 => ("Bearer " + _keys.Full + "x", AuthClass.Invalid),
            8 => ("Bearer dl_" + new string('k', rng.Next(100, 6000)), AuthClass.Invalid),
            9 => ("Bearer " + _keys.Bogus, AuthClass.Invalid),
            10 => (_keys.Full, AuthClass.Invalid),
            // Past the web server's 32 KB of headers (see ServerLimits): well clear of it, so only the header decides.
            11 => ("Bearer dl_" + new string('k', rng.Next(ServerLimits.MaxHeadersTotalBytes + 1024, ServerLimits.MaxHeadersTotalBytes + 8192)), AuthClass.Invalid),
            _ => ("Bearer %00%ff\\\"'<>", AuthClass.Invalid),
        };
    }

    private static string Query(Random rng, string method, string path)
    {
        if (OddQuery(rng) is { } odd)
        {
            return odd;
        }
        if (method == "POST" && path == "/api/v1/inboxes")
        {
            return rng.Next(15) == 0 ? "?" + Pick(rng, "limit=1", "poolId=507f1f77bcf86cd799439011", "x", "&", "=", "dryRun=true") : "";
        }
        if (path == "/api/v1/pools")
        {
            return rng.Next(10) == 0 ? "?" + Pick(rng, "limit=1", "x=1", "", "&&", "skip=0") : "";
        }
        if (path != "/api/v1/inboxes")
        {
            return rng.Next(5) == 0 ? "?limit=1" : "";
        }
        var parts = new List<string>();
        int n = rng.Next(5);
        for (var i = 0; i < n; i++)
        {
            parts.Add(rng.Next(100) switch
            {
                < 20 => "limit=" + Pick(rng, "1", "10", "100", "1000", "1001", "0", "-1", "abc", "", "1.0", "1e3", "%31", "+5", " 5", "99999999999", "4294967296", "٣", "１", "01"),
                < 40 => "skip=" + Pick(rng, "0", "1", "5", "2500", "2147483647", "2147483648", "-1", "x", "", "1.5", "99999999999999999999", "%30"),
                < 55 => "status=" + Pick(rng, "active", "paused", "deactivated", "error", "Active", "ACTIVE", "deleted", "", "active,paused", "%61ctive", "act%00ive"),
                < 70 => "poolId=" + Pick(rng, "507f1f77bcf86cd799439011", "507F1F77BCF86CD799439011", "0123456789abcdef01234567", "123", "", "%35" + "07f1f77bcf86cd799439011", "507f1f77bcf86cd79943901g", "ｆ07f1f77bcf86cd799439011"),
                < 80 => Pick(rng, "page=1", "sort=asc", "x", "=", "&", "limit", "%", "%zz=1", "a=%E2%98%83", "%E2%98%83=1", "limit=1&limit=2", "poolId=a&poolId=b"),
                < 90 => new string('&', rng.Next(1, 5)),
                // Now and then a request line on either side of the web server's 8 KB limit (ServerLimits).
                _ => "q=" + new string('x', rng.Next(4) == 0 ? rng.Next(8100, 8300) : rng.Next(1, 4000)),
            });
        }
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private (byte[] Body, string Kind, BodyClass Class) Body(Random rng, int index)
    {
        var roll = rng.Next(1000);
        if (roll < 250) return (Utf8(ValidItem(rng, index, 0)), "valid item", BodyClass.Any);
        if (roll < 380) return (Utf8("[" + string.Join(",", Enumerable.Range(0, rng.Next(1, 12)).Select(i => rng.Next(4) == 0 ? MutatedItem(rng, index, i) : ValidItem(rng, index, i))) + "]"), "batch", BodyClass.Any);
        if (roll < 560) return (Utf8(MutatedItem(rng, index, 0)), "mutated item", BodyClass.Any);
        if (roll < 650)
        {
            var text = rng.Next(2) == 0 ? ValidItem(rng, index, 0) : "[" + ValidItem(rng, index, 0) + "," + ValidItem(rng, index, 1) + "]";
            return (Utf8(text[..rng.Next(text.Length)]), "truncated", BodyClass.Any);
        }
        if (roll < 720)
        {
            var chars = ValidItem(rng, index, 0).ToCharArray();
            for (var i = rng.Next(1, 4); i > 0; i--)
            {
                const string replacements = "{}[]\",:\\0a-. \u00e9\u2603";
                chars[rng.Next(chars.Length)] = replacements[rng.Next(replacements.Length)];
            }
            return (Utf8(new string(chars)), "flipped", BodyClass.Any);
        }
        if (roll < 760) return (Utf8(Pick(rng, "42", "\"x\"", "null", "true", "[]", "{}", "[null]", "[[]]", "[42]", "[\"a@gmail.com\"]", "", " ", "\n", "{\"emailAddress\"}", "[{},{}]")), "scalar", BodyClass.Any);
        if (roll < 790)
        {
            var depth = Pick(rng, 17, 20, 64, 200, 2000);
            var open = rng.Next(2) == 0 ? "[" : "{\"a\":";
            var close = open == "[" ? "]" : "}";
            var text = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
            return (Utf8(rng.Next(2) == 0 ? text : "{\"emailAddress\":\"a@gmail.com\",\"imapPassword\":" + text + "}"), $"nested {depth}", BodyClass.Any);
        }
        if (roll < 820)
        {
            var size = Pick(rng, 1025, 5000, 100_000, 500_000);
            var field = Pick(rng, Fields);
            var text = new string(Pick(rng, 'a', 'é', '☃', '\u0007'), size);
            return (Utf8($"{{\"emailAddress\":\"big{index}@gmail.com\",\"imapPassword\":\"p\",\"{field}\":{System.Text.Json.JsonSerializer.Serialize(text)}}}"), $"huge {field}", BodyClass.Any);
        }
        if (roll < 840)
        {
            var count = rng.Next(MaxBatchSize + 1, MaxBatchSize + 60);
            return (Utf8("[" + string.Join(",", Enumerable.Range(0, count).Select(i => ValidItem(rng, index, i))) + "]"), $"{count} items", BodyClass.TooManyItems);
        }
        if (roll < 850)
        {
            // Over the 1 MiB limit: valid JSON, padded.
            var pad = new string('p', MaxBodyBytes + rng.Next(1, 4096));
            return (Utf8($"{{\"emailAddress\":\"pad{index}@gmail.com\",\"imapPassword\":\"{pad}\"}}"), "over 1 MiB", BodyClass.TooLarge);
        }
        if (roll < 855)
        {
            // Exactly at the limit: refused for its content, not its size.
            var prefix = $"{{\"emailAddress\":\"pad{index}@gmail.com\",\"imapPassword\":\"";
            var pad = new string('p', MaxBodyBytes - prefix.Length - 2);
            return (Utf8(prefix + pad + "\"}"), "exactly 1 MiB", BodyClass.Any);
        }
        if (roll < 880)
        {
            byte[][] raw = [[0xC3, 0x28], [0xFF, 0xFE], [0xEF, 0xBB, 0xBF], [0xED, 0xA0, 0x80], [0x00]];
            var valid = Utf8(ValidItem(rng, index, 0));
            var bad = Pick(rng, raw);
            var at = rng.Next(valid.Length);
            return ([.. valid[..at], .. bad, .. valid[at..]], "invalid utf-8", BodyClass.Any);
        }
        if (roll < 900) return (Utf8("\uFEFF" + ValidItem(rng, index, 0)), "bom", BodyClass.Any);
        if (roll < 920) return (Utf8(Pick(rng, "emailAddress=a%40gmail.com&imapPassword=p", "<inbox><emailAddress>a@gmail.com</emailAddress></inbox>", "NaN", "Infinity", "{'emailAddress':'a@gmail.com'}", "{emailAddress:\"a@gmail.com\"}", "{\"emailAddress\":\"a@gmail.com\",}", "[1,]", "/* c */{}")), "not json", BodyClass.NotJson);
        if (roll < 960)
        {
            var item = ValidItem(rng, index, 0);
            var field = Pick(rng, Fields);
            return (Utf8(item[..^1] + $",\"{field}\":{Pick(rng, Junk)},\"{field}\":{Pick(rng, Junk)}}}"), "duplicate key", BodyClass.Any);
        }
        var bytes = new byte[rng.Next(1, 300)];
        rng.NextBytes(bytes);
        return (bytes, "random bytes", BodyClass.Any);
    }

    private static string ValidItem(Random rng, int index, int i)
    {
        var fields = new List<string>
        {
            $"\"emailAddress\":\"{(rng.Next(10) == 0 ? Pick(rng, "dup@gmail.com", "DUP@gmail.com", "sales@company.com", "anna.berg@gmail.com") : $"fz{index}i{i}@{Pick(rng, "gmail.com", "outlook.com", "yahoo.com", "zoho.com", "me.com", "secureserver.net", "privateemail.com", "custom.example")}")}\"",
            $"\"imapPassword\":\"pw-{rng.Next(1000)}\"",
        };
        if (rng.Next(3) == 0) fields.Add($"\"poolId\":\"{Pick(rng, "507f1f77bcf86cd799439011", "507F1F77BCF86CD799439011", "0123456789abcdef01234567")}\"");
        if (rng.Next(3) == 0) fields.Add($"\"provider\":\"{Pick(rng, "google", "microsoft", "yahoo", "zoho", "icloud", "godaddy", "namecheap")}\"");
        if (rng.Next(4) == 0) fields.Add("\"imapHost\":\"mail.custom.example\",\"imapPort\":993,\"smtpHost\":\"smtp.custom.example\",\"smtpPort\":587");
        if (rng.Next(4) == 0) fields.Add($"\"dailySendingLimit\":{rng.Next(1, 1000)}");
        if (rng.Next(6) == 0) fields.Add($"\"skipConnectionTest\":{(rng.Next(2) == 0 ? "true" : "false")}");
        if (rng.Next(6) == 0) fields.Add("\"smtpPassword\":\"smtp-pw\",\"imapUsername\":\"u\",\"smtpUsername\":\"u\"");
        if (rng.Next(8) == 0) fields.Add($"\"{Pick(rng, Fields)}\":null");
        return "{" + string.Join(",", fields) + "}";
    }

    private static string MutatedItem(Random rng, int index, int i)
    {
        var item = ValidItem(rng, index, i);
        var roll = rng.Next(4);
        var field = rng.Next(8) == 0 ? Pick(rng, "dailyLimit", "password", "id", "status", "", "emailaddress", "__proto__", "𝔘") : Pick(rng, Fields);
        return roll switch
        {
            0 => item[..^1] + $",\"{field}\":{Pick(rng, Junk)}}}",
            1 => "{" + $"\"{field}\":{Pick(rng, Junk)}" + "}",
            2 => item.Replace("\"imapPassword\":", rng.Next(2) == 0 ? "\"imapPasword\":" : "\"imapPassword\":" + Pick(rng, Junk) + ",\"x\":", StringComparison.Ordinal),
            _ => item.Replace("@", Pick(rng, "", "@@", " @", "@-", "@.", "\\u0040"), StringComparison.Ordinal),
        };
    }

    private static int[] Expected(string method, string path, string query, AuthClass auth, string? contentType, byte[]? body, BodyClass bodyClass)
    {
        var route = (method, path) switch
        {
            ("GET", "/api/v1/pools") => "pools",
            ("GET", "/api/v1/inboxes") => "list",
            ("POST", "/api/v1/inboxes") => "create",
            _ => null,
        };
        if (route is null)
        {
            return NotFound;
        }
        if (auth == AuthClass.Invalid)
        {
            return Unauthorized;
        }
        if (route == "create" && auth == AuthClass.ReadOnly)
        {
            return Forbidden;
        }
        if (route == "pools")
        {
            // Unknown query parameters are ignored by default (reported in X-DeepLead-Fake-Warning).
            return [200];
        }
        if (route == "list")
        {
            return ListOutcomes;
        }
        var json = contentType is not null && contentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
        if (!json)
        {
            return BadRequest;
        }
        return bodyClass is BodyClass.TooLarge or BodyClass.TooManyItems or BodyClass.NotJson || body is null || body.Length == 0 ? BadRequest : CreateOutcomes;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static T Pick<T>(Random rng, params T[] values) => values[rng.Next(values.Length)];
}

/// <summary>The keys a fuzz run uses: one with every permission, one read-only, a live tenant's, a revoked tenant's, a bogus one.</summary>
internal sealed record FuzzKeys(string Full, string ReadOnly, string Tenant, string Revoked, string Bogus)
{
    /// <summary>
    /// The keys of the shipped default scenario with two tenants created in order (the second one revoked): fixed
    /// values, so a transcript can be computed without a fake, in any process.
    /// </summary>
    public static FuzzKeys DefaultScenario { get; } =
        new("dl_your_api_key_here", "dl_read_only_key", "dl_tenant_000001", "dl_tenant_000002", "dl_bogus_fuzz_key_000000000000");
}
