using Akka.Configuration;

namespace Gateway.Host.MqttHttp;

/// <summary>Registers the HTTP access to MQTT; its bridge starts after the broker and stops before it.</summary>
public static class MqttHttpServices
{
    public static IServiceCollection AddMqttHttp(this IServiceCollection services, Config config)
    {
        var settings = MqttHttpSettings.From(config);
        return services
            .AddSingleton(settings)
            .AddSingleton(sp => new CallbackDelivery(CallbackDelivery.CreateClient(settings), settings, sp.GetRequiredService<ILogger<CallbackDelivery>>()))
            .AddSingleton<SubscriptionRegistry>()
            .AddSingleton<MqttHttpBridge>()
            .AddHostedService(sp => sp.GetRequiredService<MqttHttpBridge>());
    }
}
