using System.Text;
using DeepLead.Fakes.Shadowing;

namespace DeepLead.Fakes.Tests.Shadowing;

/// <summary>The comparison on its own: what is normalized away and what is a difference.</summary>
public sealed class ResponseComparerTests
{
    private static CapturedAnswer Answer(string json, int status = 200) => new(status, Encoding.UTF8.GetBytes(json), "application/json", []);

    private static List<(string, string)> Compare(string upstream, string fake, IdMap? ids = null, int status = 200) =>
        [.. ResponseComparer.Compare(Answer(upstream, status), Answer(fake, status), ids ?? new IdMap()).Select(d => (d.Kind, d.Path))];

    [Fact]
    public void Items_in_another_order_are_an_order_difference_and_nothing_else()
    {
        var upstream = """{"inboxes":[{"emailAddress":"a@x.com","status":"active"},{"emailAddress":"b@x.com","status":"paused"}]}""";
        var fake = """{"inboxes":[{"emailAddress":"b@x.com","status":"paused"},{"emailAddress":"a@x.com","status":"active"}]}""";

        Assert.Equal([(DifferenceKinds.Order, "inboxes[]")], Compare(upstream, fake));
    }

    [Fact]
    public void Pagination_values_types_and_field_sets_are_told_apart()
    {
        var upstream = """{"pagination":{"total":5,"limit":"100","hasMore":false},"extra":1}""";
        var fake = """{"pagination":{"total":4,"limit":100,"hasMore":false,"skip":0}}""";

        Assert.Equal(
            [(DifferenceKinds.Pagination, "pagination.total"), (DifferenceKinds.Type, "pagination.limit"), (DifferenceKinds.MissingField, "pagination.skip"), (DifferenceKinds.ExtraField, "extra")],
            Compare(upstream, fake));
    }

    [Fact]
    public void Ids_pair_once_and_a_second_pairing_is_a_difference()
    {
        var ids = new IdMap();
        Assert.Empty(Compare("""{"id":"aaaaaaaaaaaaaaaaaaaaaaaa"}""", """{"id":"bbbbbbbbbbbbbbbbbbbbbbbb"}""", ids));
        Assert.Equal("bbbbbbbbbbbbbbbbbbbbbbbb", ids.ToFake("aaaaaaaaaaaaaaaaaaaaaaaa"));

        Assert.Equal([(DifferenceKinds.Value, "id")], Compare("""{"id":"aaaaaaaaaaaaaaaaaaaaaaaa"}""", """{"id":"cccccccccccccccccccccccc"}""", ids));
    }

    [Fact]
    public void Timestamps_compare_by_format_and_dates_in_names_are_ignored()
    {
        Assert.Empty(Compare("""{"createdAt":"2024-01-15T10:30:00Z","name":"API Pool - 2024-01-15"}""", """{"createdAt":"2026-12-01T03:00:00Z","name":"API Pool - 2026-12-01"}"""));
        Assert.Equal([(DifferenceKinds.TimestampPrecision, "createdAt")], Compare("""{"createdAt":"2024-01-15T10:30:00.123Z"}""", """{"createdAt":"2024-01-15T10:30:00Z"}"""));
    }

    [Fact]
    public void Errors_compare_by_shape_then_message_class()
    {
        Assert.Empty(Compare("""{"error":"Email 'a@x.com' already exists"}""", """{"error":"Email 'b@y.org' already exists."}""", status: 409));
        Assert.Equal([(DifferenceKinds.ErrorMessage, "error")], Compare("""{"error":"Duplicate inbox"}""", """{"error":"Email already exists"}""", status: 409));
        Assert.Equal([(DifferenceKinds.ErrorShape, "")], Compare("""{"error":"Bad","details":[{"field":"x","message":"y"}]}""", """{"error":"Bad"}""", status: 400));
    }

    [Fact]
    public void A_different_status_is_one_difference_named_by_what_the_upstream_did()
    {
        var ok = Answer("""{"pools":[]}""");
        Assert.Equal(DifferenceKinds.RateLimited, Assert.Single(ResponseComparer.Compare(Answer("""{"error":"Slow down"}""", 429), ok, new IdMap())).Kind);
        Assert.Equal(DifferenceKinds.UpstreamError, Assert.Single(ResponseComparer.Compare(Answer("""{"error":"Boom"}""", 503), ok, new IdMap())).Kind);
        Assert.Equal(DifferenceKinds.Status, Assert.Single(ResponseComparer.Compare(Answer("""{"error":"Nope"}""", 404), ok, new IdMap())).Kind);
    }
}
