# syntax=docker/dockerfile:1
# The DeepLead fake (the standalone stub) as a container.
#   docker build -t deeplead-fake .
#   docker run --rm -p 8080:8080 deeplead-fake
#   docker run --rm -p 8080:8080 deeplead-fake --scenario shipped:outage          # flags win over the ENV below
#   docker run --rm -p 8080:8080 -v "$PWD/my.json:/scenarios/my.json:ro" \
#       -e DEEPLEAD_FAKE_SCENARIO=/scenarios/my.json deeplead-fake
# Then: http://localhost:8080/api/v1/ (API), /__admin/health, /__admin/deeplead/... (admin), /openapi.json.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins the repository's SDK feature band, which the image's SDK may not match.
COPY Directory.Build.props Directory.Packages.props README.md ./
COPY src/DeepLead.Fakes/DeepLead.Fakes.csproj src/DeepLead.Fakes/
COPY src/DeepLead.Fakes.Server/DeepLead.Fakes.Server.csproj src/DeepLead.Fakes.Server/
# Published for the image's platform, so the stub ships precompiled (ReadyToRun): it starts about twice as fast.
ARG TARGETARCH
RUN dotnet restore src/DeepLead.Fakes.Server/DeepLead.Fakes.Server.csproj -a $TARGETARCH
# The shipped scenarios are embedded in the library, so they are needed to build it.
COPY scenarios/ scenarios/
COPY src/DeepLead.Fakes/ src/DeepLead.Fakes/
COPY src/DeepLead.Fakes.Server/ src/DeepLead.Fakes.Server/
RUN dotnet publish src/DeepLead.Fakes.Server/DeepLead.Fakes.Server.csproj -c Release -a $TARGETARCH --self-contained false --no-restore -o /app -p:UseAppHost=false

# The library hosts WireMock.Net on ASP.NET Core, so the ASP.NET Core runtime image (not the bare runtime).
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY scenarios/*.json /app/scenarios/
# Inside a container the stub must listen on every interface; outside one it stays on 127.0.0.1 by default.
ENV DEEPLEAD_FAKE_HOST=0.0.0.0 \
    DEEPLEAD_FAKE_PORT=8080 \
    DEEPLEAD_FAKE_SCENARIO=/app/scenarios/default.json
EXPOSE 8080
USER $APP_UID
# Exec form: dotnet is PID 1 and receives SIGTERM from `docker stop` itself, so the stub stops cleanly with exit code 0.
ENTRYPOINT ["dotnet", "DeepLead.Fakes.Server.dll"]
