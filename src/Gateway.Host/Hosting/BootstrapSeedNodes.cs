using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Newtonsoft.Json;

namespace Gateway.Host.Hosting;

/// <summary>
/// Cluster bootstrap's one HTTP route, <c>GET /bootstrap/seed-nodes</c>, served by the gateway's
/// own Kestrel on the management port. Akka.Management would serve it through Akka.Http.Shim,
/// which was built against Ceen.Httpd 0.9.9; the Ceen.Httpd served here is 0.9.10, whose
/// <c>HttpServer.ListenAsync</c> takes an <c>EndPoint</c> instead of an <c>IPEndPoint</c>, so
/// Akka.Management's endpoint fails to start with a MissingMethodException. ClusterBootstrap
/// supports binding its route elsewhere (it is told its own contact point instead). The body is
/// the library's own type written with the library's own serializer (Newtonsoft), so nodes
/// running Akka.Management's endpoint and nodes running this one understand each other.
/// </summary>
public static class BootstrapSeedNodes
{
    public const string Path = "/bootstrap/seed-nodes";

    /// <summary>Akka.Management's default for <c>contact-point.max-seed-nodes-to-expose</c>.</summary>
    private const int MaxSeedNodesToExpose = 5;

    public static async Task Handle(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != Path)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var cluster = Cluster.Get(context.RequestServices.GetRequiredService<ActorSystem>());
        var self = cluster.SelfMember;
        var state = cluster.State;
        // A member on its way out offers no seed nodes, so that nobody joins through it.
        var members = self.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed
            ? ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty
            : state.Members
                .Where(m => !state.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
                .Take(MaxSeedNodesToExpose)
                .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
                .ToImmutableList();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(self.UniqueAddress.Address, members)));
    }
}
