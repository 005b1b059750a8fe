# syntax=docker/dockerfile:1
# Build stage: the same packaging as the README (mvn package, then the class list verify writes), so the image
# runs the jar the tests ran against.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY config ./config
COPY bin ./bin
# verify, not package: after the jar it writes target/eksrole.classlist, the classes a real check and a real
# serve load against the test stand-ins (the README, "Start-up"); no archive here, the runtime stage makes its own
RUN mvn -B -q -DskipTests -Deksrole.archive.skip=true verify

# Runtime stage: a slim Java 17 runtime, non-root.
FROM eclipse-temurin:17-jre
# /app/data holds the store: only the bot's user may read it (a new named volume takes this mode)
RUN useradd --system --uid 10001 --home-dir /app eksrole \
    && mkdir -p /app/data /app/config \
    && chown -R eksrole /app \
    && chmod 700 /app/data
WORKDIR /app
COPY --from=build /src/target/eksrole.jar /app/eksrole.jar
COPY --from=build /src/target/eksrole.classlist /app/eksrole.classlist
COPY --from=build /src/bin/eksrole /app/bin/eksrole
# The class-data sharing archive, made by this image's own Java from the trained class list (an archive fits
# only the JVM that made it), for the same /app/eksrole.jar the launcher runs; it is read-only at run time.
RUN EKSROLE_JAR=/app/eksrole.jar /app/bin/eksrole --version \
    && test -f /app/eksrole.jsa \
    && chmod 444 /app/eksrole.jsa /app/eksrole.jsa.jvm
# The config is mounted from outside: docker run -v $PWD/config:/app/config:ro ...
ENV EKSROLE_CONFIG=/app/config/eksrole.yml \
    EKSROLE_JAR=/app/eksrole.jar \
    EKSROLE_JAVA_OPTS=-XX:MaxRAMPercentage=75 \
    PORT=3000
USER eksrole
# plans and the audit trail (H2 file) live here unless store.jdbcUrl points at PostgreSQL
VOLUME ["/app/data"]
EXPOSE 3000
# /health answers 200 once the bot is ready, in HTTP mode and in Socket Mode.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["java", "-XX:SharedArchiveFile=/app/eksrole.jsa", "-XX:TieredStopAtLevel=1", "-cp", "/app/eksrole.jar", "dev.eksrole.cli.HealthProbe"]
# bin/eksrole execs java (PID 1 gets the signals) with the archive, on the C1 compiler (see the README, "Start-up")
ENTRYPOINT ["/app/bin/eksrole"]
CMD ["serve"]
