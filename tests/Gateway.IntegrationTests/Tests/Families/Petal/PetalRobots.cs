using Gateway.IntegrationTests.Infrastructure;

namespace Gateway.IntegrationTests.Tests.Families.Petal;

/// <summary>Petal robots as petal-app-manager.md names their topics, for the tests of this folder.</summary>
internal static class PetalRobots
{
    public const string Kind = "petal";
    public const string Org = "acme";

    public static DeviceRoute Route(string robot) => DeviceRoute.InOrg(Kind, Org, robot);

    public static string Topic(DeviceRoute robot, string channel) => $"org/{robot.Org}/device/{robot.Id}/{channel}";

    /// <summary>The document's response example answering <paramref name="messageId"/>.</summary>
    public static string ResponseTo(string messageId) =>
        Fixtures.Text(FamilyExamples.Petal.Response).Replace(FamilyExamples.Petal.MessageIdPlaceholder, messageId, StringComparison.Ordinal);
}
