using System.Text;
using CsCheck;
using Gateway.Protocols;
using Xunit;

namespace Gateway.Tests.Protocols;

/// <summary>
/// Documents made of the seed documents' own fields and values are accepted by their family's
/// check, and one change that breaks a rule the document gives (<see cref="SeedDocuments"/>) is
/// refused with a reason that starts with the field's path: the validators neither refuse what the
/// documents allow nor let through what they forbid.
/// </summary>
public sealed class SeedDocumentProperties
{
    private static readonly long Iterations = PropertyRuns.Iterations(3_000);

    [Fact]
    public void A_document_of_the_seed_fields_is_accepted()
    {
        SeedDocuments.Valid.Sample((kind, document) =>
        {
            var route = kind.Route;
            var plan = route.Profile.Interpret(route.Key!.Value, route.Channel, route.Section, Encoding.UTF8.GetBytes(document));
            Assert.True(plan.Action != InputAction.Reject, $"{kind.Name} refused: {plan.Reason}");
        }, iter: Iterations, print: input => $"{input.Item1.Name}: {input.Item2}");
    }

    [Fact]
    public void A_document_breaking_one_documented_rule_is_refused_naming_the_field()
    {
        SeedDocuments.Broken.Sample((kind, document, rule) =>
        {
            var route = kind.Route;
            var plan = route.Profile.Interpret(route.Key!.Value, route.Channel, route.Section, Encoding.UTF8.GetBytes(document));
            Assert.True(plan.Action == InputAction.Reject, $"{kind.Name} with {rule} accepted");
            Assert.StartsWith($"{rule.Path} ", plan.Reason);
        }, iter: Iterations, print: input => $"{input.Item1.Name}, {input.Item3}: {input.Item2}");
    }
}
