using DeepLead.Fakes.Endpoints;

namespace DeepLead.Fakes.Tests.Api;

/// <summary>
/// The e-mail check reads ASCII addresses by hand (issue 27: the pattern's search code is slow until optimized, and a
/// large scenario checks every address); its answers must be the pattern's, which stays the definition.
/// </summary>
public sealed class EmailAddressCheckTests
{
    [Theory]
    [InlineData("a@gmail.com", true)]
    [InlineData("first.last+tag@mail.custom-domain.example", true)]
    [InlineData("a@b.c", true)]
    [InlineData("a@b", false)]
    [InlineData("@gmail.com", false)]
    [InlineData("a@@gmail.com", false)]
    [InlineData("a@gmail..com", false)]
    [InlineData("a@gmail.com.", false)]
    [InlineData("a@.gmail.com", false)]
    [InlineData("a@-gmail.com", false)]
    [InlineData("a@gmail-.com", false)]
    [InlineData("a@gm-ail.c-m", true)]
    [InlineData("a@gm_ail.com", false)]
    [InlineData("a b@gmail.com", false)]
    [InlineData("a\t@gmail.com", false)]
    [InlineData("a\u007f@gmail.com", false)]
    [InlineData("a@gmail.com\n", false)]
    [InlineData("!#$%&'*+/=?^_`{|}~.-@x.io", true)]
    [InlineData("josé@gmail.com", true)]
    [InlineData("jo\u200bse@gmail.com", false)]
    [InlineData("jo\u00a0se@gmail.com", false)]
    [InlineData("a@gmaïl.com", false)]
    [InlineData("", false)]
    public void An_address_is_valid_exactly_when_the_pattern_says_so(string email, bool valid)
    {
        Assert.Equal(valid, InboxRequestValidator.MatchesPattern(email));
        Assert.Equal(valid, InboxRequestValidator.IsValidEmail(email));
        Assert.Equal(valid ? email.IndexOf('@') + 1 : -1, InboxRequestValidator.DomainStart(email));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void The_local_part_is_at_most_64_characters(int length, bool valid)
    {
        var email = new string('a', length) + "@gmail.com";

        Assert.Equal(valid, InboxRequestValidator.MatchesPattern(email));
        Assert.Equal(valid, InboxRequestValidator.IsValidEmail(email));
    }

    [Theory]
    [InlineData(254, true)]
    [InlineData(255, false)]
    public void An_address_is_at_most_254_characters(int length, bool valid)
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 49), 6));
        var email = "a@" + domain[..(length - 2)];

        Assert.Equal(valid, InboxRequestValidator.MatchesPattern(email));
        Assert.Equal(valid, InboxRequestValidator.IsValidEmail(email));
    }

    [Fact]
    public void Random_addresses_of_tricky_characters_get_the_patterns_answer()
    {
        // Characters at every branch of the check: the separators, the edges of the allowed ranges, whitespace, control
        // and format characters, and a few beyond ASCII (which the pattern answers).
        const string alphabet = "aZ09-._@ @\t\u007f\u0000!+`{[/:\u00e9\u200b\u00a0\u0085";
        var random = new Random(27);
        var valid = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var chars = new char[random.Next(0, 12)];
            for (var i = 0; i < chars.Length; i++)
            {
                // Mostly letters, so that valid addresses come up often enough to matter.
                chars[i] = random.Next(3) == 0 ? alphabet[random.Next(alphabet.Length)] : (char)('a' + random.Next(26));
            }
            if (chars.Length > 4 && random.Next(2) == 0)
            {
                // An '@' and a dot after it, as most addresses have.
                var at = random.Next(1, chars.Length - 3);
                chars[at] = '@';
                chars[random.Next(at + 2, chars.Length - 1)] = '.';
            }
            var email = new string(chars);
            var expected = InboxRequestValidator.MatchesPattern(email);
            valid += expected ? 1 : 0;

            Assert.True(expected == InboxRequestValidator.IsValidEmail(email), $"'{email}': the pattern says {expected}");
            Assert.Equal(expected ? email.IndexOf('@') + 1 : -1, InboxRequestValidator.DomainStart(email));
        }
        Assert.InRange(valid, 10_000, 190_000);
    }
}
