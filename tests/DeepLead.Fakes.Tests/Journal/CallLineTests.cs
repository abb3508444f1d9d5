using System.Text;
using DeepLead.Fakes.Logging;

namespace DeepLead.Fakes.Tests.Journal;

/// <summary>The per-call log line: its UTF-8 form (the stub's console) and its string form (any other logger) say the same.</summary>
public sealed class CallLineTests
{
    public static TheoryData<string?, string?, string> Lines => new()
    {
        { null, null, "GET /api/v1/inboxes -> 200 in 12.3 ms" },
        { "rule #1 (outage)", null, "GET /api/v1/inboxes -> 200 in 12.3 ms (forced by rule #1 (outage))" },
        { null, "tenant 2", "GET /api/v1/inboxes -> 200 in 12.3 ms [tenant 2]" },
        { "rate limit", "tenant 3", "GET /api/v1/inboxes -> 200 in 12.3 ms (forced by rate limit) [tenant 3]" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_utf8_and_string_forms_are_the_same_line(string? forcedBy, string? tenant, string expected)
    {
        var line = new CallLine("GET", "/api/v1/inboxes", "200", 12.345, forcedBy, tenant);
        var buffer = new byte[256];

        Assert.True(line.TryFormat(buffer, out var written, default, null));
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, written));
        Assert.Equal(expected, line.ToString());
        Assert.Equal(expected, CallLine.Format(line, null));
    }

    [Theory]
    [InlineData(0, "0.0")]
    [InlineData(0.04, "0.0")]
    [InlineData(0.05, "0.1")]
    [InlineData(9.96, "10.0")]
    [InlineData(1234.56, "1234.6")]
    public void Milliseconds_are_written_with_one_decimal_as_the_format_0_0_would(double milliseconds, string expected)
    {
        var line = new CallLine("GET", "/", "200", milliseconds, null, null);
        var buffer = new byte[64];

        Assert.True(line.TryFormat(buffer, out var written, default, null));
        Assert.Equal($"GET / -> 200 in {expected} ms", Encoding.UTF8.GetString(buffer, 0, written));
        Assert.Equal(milliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), expected);
    }

    [Fact]
    public void A_buffer_too_small_is_refused_not_overrun()
    {
        var line = new CallLine("GET", "/api/v1/inboxes", "200", 1, null, null);
        var buffer = new byte[10];

        Assert.False(line.TryFormat(buffer, out _, default, null));
    }

    [Theory]
    [InlineData("/api/v1/inboxes", null, null)]
    [InlineData("/api/v1/caf\u00e9/\u4e2d", "r\u00e8gle", "t\u00ebnant")]   // non-ASCII in every text part
    public void Every_buffer_from_empty_to_large_enough_is_refused_or_gets_the_whole_line(string path, string? forcedBy, string? tenant)
    {
        var line = new CallLine("GET", System.Text.RegularExpressions.Regex.Unescape(path), "404", 1234.56, forcedBy is null ? null : System.Text.RegularExpressions.Regex.Unescape(forcedBy), tenant is null ? null : System.Text.RegularExpressions.Regex.Unescape(tenant));
        var expected = Encoding.UTF8.GetBytes(line.ToString());

        for (var size = 0; size <= expected.Length + 2; size++)
        {
            var buffer = new byte[size + 4];
            buffer.AsSpan().Fill(0xEE);
            var fits = line.TryFormat(buffer.AsSpan(0, size), out var written, default, null);

            Assert.Equal(size >= expected.Length, fits);
            Assert.Equal(fits ? expected.Length : 0, written);
            if (fits)
            {
                Assert.Equal(expected, buffer[..written]);
            }
            // Nothing past the span given is touched.
            Assert.All(buffer[size..], b => Assert.Equal(0xEE, b));
        }
    }

    [Fact]
    public void Structured_loggers_read_the_values_by_their_template_names()
    {
        var line = new CallLine("POST", "/api/v1/inboxes", "409", 0.5, "rule #2", "tenant 1");

        var values = line.ToDictionary(pair => pair.Key, pair => pair.Value);

        Assert.Equal("POST", values["Method"]);
        Assert.Equal("/api/v1/inboxes", values["Path"]);
        Assert.Equal("409", values["Status"]);
        Assert.Equal(0.5, values["Milliseconds"]);
        Assert.Equal(" (forced by rule #2)", values["Forced"]);
        Assert.Equal(" [tenant 1]", values["Tenant"]);
        Assert.Equal(CallLine.Template, values["{OriginalFormat}"]);
        Assert.Equal(line.Count, values.Count);
    }
}
