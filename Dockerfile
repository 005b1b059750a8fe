# syntax=docker/dockerfile:1
# Build stage: the same packaging as the README (mvn package), so the image runs the jar the tests ran against.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY config ./config
RUN mvn -B -q -DskipTests package

# Runtime stage: a slim Java 17 runtime, non-root.
FROM eclipse-temurin:17-jre
# /app/data holds the store: only the bot's user may read it (a new named volume takes this mode)
RUN useradd --system --uid 10001 --home-dir /app eksrole \
    && mkdir -p /app/data /app/config \
    && chown -R eksrole /app \
    && chmod 700 /app/data
WORKDIR /app
COPY --from=build /src/target/eksrole.jar /app/eksrole.jar
# The config is mounted from outside: docker run -v $PWD/config:/app/config:ro ...
ENV EKSROLE_CONFIG=/app/config/eksrole.yml \
    PORT=3000
USER eksrole
# plans and the audit trail (H2 file) live here unless store.jdbcUrl points at PostgreSQL
VOLUME ["/app/data"]
EXPOSE 3000
# /health answers 200 once the bot is ready, in HTTP mode and in Socket Mode.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["java", "-cp", "/app/eksrole.jar", "dev.eksrole.cli.HealthProbe"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/eksrole.jar"]
CMD ["serve"]
