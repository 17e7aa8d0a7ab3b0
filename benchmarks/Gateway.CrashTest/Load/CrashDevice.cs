namespace Gateway.CrashTest.Load;

/// <summary>One simulated device of one cycle, with the topics and API paths its document and the README give it.</summary>
public sealed record CrashDevice(int Index, string Kind, string? Org, string Id)
{
    /// <summary>The tenant of the ESP32 boards and Petal robots.</summary>
    public const string Organization = "crash";

    /// <summary>The four families that have something journaled to check, in the order devices are dealt to them.</summary>
    public static readonly string[] Families = ["drone", "esp32", "petal", "anc"];

    /// <summary>Relative to the gateway's URL: <c>api/devices/{kind}/{id}</c>, or under <c>api/orgs/{org}/</c> for tenant families.</summary>
    public string ApiPath => Org is null ? $"api/devices/{Kind}/{Id}" : $"api/orgs/{Org}/devices/{Kind}/{Id}";

    public static IReadOnlyList<CrashDevice> Fleet(string runTag, int cycle, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var kind = Families[i % Families.Length];
            return new CrashDevice(i, kind, kind is "esp32" or "petal" ? Organization : null, $"{runTag}-c{cycle}-{kind}-{i}");
        }).ToList();
}
