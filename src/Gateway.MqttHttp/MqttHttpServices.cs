using Akka.Configuration;

namespace Gateway.MqttHttp;

/// <summary>Registers the HTTP access to MQTT; its bridge attaches to the MQTT transport and, stopping, removes every subscription.</summary>
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
