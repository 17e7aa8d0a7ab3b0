using Gateway.Contracts.Messages;

namespace Gateway.Http;

/// <summary>The API's <c>application/problem+json</c> answers, in one place so they read alike.</summary>
public static class Problems
{
    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Invalid(string title, IEnumerable<FieldError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: title,
            statusCode: StatusCodes.Status400BadRequest);

    public static IResult BadRequest(string detail) =>
        Results.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult BadBody(string detail) =>
        Invalid("The request body is not acceptable", [new FieldError("$", detail)]);

    public static IResult Unauthorized(string detail) =>
        Results.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    public static IResult Forbidden(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    public static IResult Unavailable(string detail, TimeSpan retryAfter) => NotAnswering("Device did not answer", detail, retryAfter);

    /// <summary>A 503 for an actor that did not answer in time, with when to try again.</summary>
    public static IResult NotAnswering(string title, string detail, TimeSpan retryAfter) =>
        new RetryAfter(Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable), retryAfter);

    /// <summary>A write refused while the journal does not answer: nothing was accepted, so it is safe to send again.</summary>
    public static IResult JournalUnavailable(string detail, TimeSpan retryAfter) =>
        new RetryAfter(Results.Problem(title: "Journal unavailable", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable), retryAfter);

    /// <summary>A 503 that says when to try again (RFC 9110, Retry-After in whole seconds).</summary>
    private sealed class RetryAfter(IResult inner, TimeSpan after) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    public static IResult Unexpected(object reply, string answerer = "The device actor") =>
        Results.Problem(title: "Unexpected reply", detail: $"{answerer} answered with {reply.GetType().Name}", statusCode: StatusCodes.Status500InternalServerError);
}
