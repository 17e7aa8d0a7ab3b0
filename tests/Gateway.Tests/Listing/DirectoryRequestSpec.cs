using Gateway.Contracts.Messages;
using Gateway.Host.Api;
using Gateway.Protocols;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Xunit;

namespace Gateway.Tests.Listing;

/// <summary>How a directory request's query string becomes a query, and how each bad value is refused by name.</summary>
public sealed class DirectoryRequestSpec
{
    private static readonly DeviceProfiles Profiles = DeviceProfiles.Create(TestConfig.Gateway);

    private static GetDirectory? Parse(string queryString, string? pathOrg, out IReadOnlyList<FieldError> errors)
    {
        var parsed = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(queryString);
        return DirectoryRequest.Parse(new QueryCollection(parsed), pathOrg, Profiles, out errors);
    }

    [Theory]
    [InlineData("", null, null, null, 1, 50)]
    [InlineData("?kind=&org=&online=&page=", null, null, null, 1, 50)]
    [InlineData("?kind=drone", "drone", null, null, 1, 50)]
    [InlineData("?kind=esp32&org=org-123&online=true&page=3&page_size=500", "esp32", "org-123", true, 3, 500)]
    [InlineData("?online=False&page_size=1", null, null, false, 1, 1)]
    public void Values_become_the_query_and_absent_ones_their_defaults(string queryString, string? kind, string? org, bool? online, int page, int pageSize)
    {
        var query = Parse(queryString, null, out var errors);

        Assert.Empty(errors);
        Assert.Equal(new GetDirectory(kind, org, online, page, pageSize), query);
    }

    [Fact]
    public void The_org_scoped_form_takes_the_org_from_the_path()
    {
        Assert.Equal(new GetDirectory("petal", "acme", null, 2, 50), Parse("?kind=petal&page=2", "acme", out _));
    }

    [Theory]
    [InlineData("?kind=toaster", null, "kind")]
    [InlineData("?online=yes", null, "online")]
    [InlineData("?page=0", null, "page")]
    [InlineData("?page=-1", null, "page")]
    [InlineData("?page=1.5", null, "page")]
    [InlineData("?page=99999999999", null, "page")]
    [InlineData("?page_size=0", null, "page_size")]
    [InlineData("?page_size=501", null, "page_size")]
    [InlineData("?page=1&page=2", null, "page")]
    [InlineData("?org=a%2Fb", null, "org")]
    [InlineData("?org=%23", null, "org")]
    [InlineData("?kind=drone&org=acme", null, "org")]
    [InlineData("?org=acme", "acme", "org")]
    public void A_bad_value_is_refused_naming_its_parameter(string queryString, string? pathOrg, string parameter)
    {
        var query = Parse(queryString, pathOrg, out var errors);

        Assert.Null(query);
        Assert.Equal(parameter, Assert.Single(errors).Field);
    }

    [Fact]
    public void Every_bad_parameter_is_named_at_once_and_an_unknown_kind_lists_the_known_ones()
    {
        Parse("?kind=toaster&online=1&page_size=9000", null, out var errors);

        Assert.Equal(["kind", "online", "page_size"], errors.Select(e => e.Field));
        Assert.Contains("drone, esp32, wardragon, anc, petal", errors[0].Message);
    }
}
