# The gateway host as an image: built with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t mqtt-gateway .        (k8s/ runs it as mqtt-gateway:latest)
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Gateway.Host/Gateway.Host.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image's own unprivileged user (uid 1654); the host writes nothing but its data folder.
USER $APP_UID
ENV GATEWAY_DATA_DIR=/tmp/gateway-data
# HTTP API, Akka remoting, Akka.Management, and the embedded broker when it is used.
EXPOSE 8080 4053 8558 1883
ENTRYPOINT ["dotnet", "Gateway.Host.dll"]
