using Gateway.Contracts;
using Gateway.Contracts.Messages;
using Gateway.Protocols;
using Microsoft.Extensions.Primitives;

namespace Gateway.Host.Api;

/// <summary>
/// Reads a directory request's query string (<c>kind</c>, <c>org</c>, <c>online</c>, <c>page</c>,
/// <c>page_size</c>) into a <see cref="GetDirectory"/>, or says which parameters are wrong and why.
/// An empty value is the same as none, so <c>?kind=&amp;org=</c> lists everything.
/// </summary>
public static class DirectoryRequest
{
    public static GetDirectory? Parse(IQueryCollection query, string? pathOrg, DeviceProfiles profiles, out IReadOnlyList<FieldError> errors)
    {
        var found = new List<FieldError>();
        string? Single(string name)
        {
            if (!query.TryGetValue(name, out var values) || StringValues.IsNullOrEmpty(values))
                return null;
            if (values.Count > 1)
            {
                found.Add(new FieldError(name, "is given more than once"));
                return null;
            }
            return values[0] is { Length: > 0 } value ? value : null;
        }

        var kind = Single("kind");
        IDeviceProfile? profile = null;
        if (kind is not null && !profiles.TryGet(kind, out profile))
            found.Add(new FieldError("kind", $"'{kind}' is no device kind; known kinds: {string.Join(", ", profiles.All.Select(p => p.Kind))}"));

        var org = Single("org");
        if (pathOrg is not null && org is not null)
            found.Add(new FieldError("org", "is given by the path (/api/orgs/{org}/devices): leave it out of the query"));
        org ??= pathOrg;
        if (org is not null && !TopicLevel.IsValid(org))
            found.Add(new FieldError("org", $"an organization id is {TopicLevel.Rule}"));
        else if (org is not null && profile is { HasOrg: false })
            found.Add(new FieldError("org", $"{kind} devices belong to no organization"));

        bool? online = Single("online") switch
        {
            null => null,
            var text when bool.TryParse(text, out var value) => value,
            _ => Invalid("online", "must be true or false"),
        };
        var page = QueryNumber.Read("page", Single("page"), 1, 1, int.MaxValue, found);
        var pageSize = QueryNumber.Read("page_size", Single("page_size"), GetDirectory.DefaultPageSize, 1, GetDirectory.MaxPageSize, found);

        errors = found;
        return found.Count == 0 ? new GetDirectory(kind, org, online, page, pageSize) : null;

        bool? Invalid(string name, string message)
        {
            found.Add(new FieldError(name, message));
            return null;
        }
    }
}
