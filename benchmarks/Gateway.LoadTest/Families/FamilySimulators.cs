namespace Gateway.LoadTest.Families;

/// <summary>The simulator for each family name of --mix.</summary>
public static class FamilySimulators
{
    public static IFamilySimulator For(string kind) => kind switch
    {
        "drone" => new DroneSimulator(),
        "esp32" => new Esp32Simulator(),
        "petal" => new PetalSimulator(),
        "wardragon" => new WarDragonSimulator(),
        "anc" => new AncSimulator(),
        _ => throw new ArgumentException($"no simulator for family '{kind}'"),
    };

}
