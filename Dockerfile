# One image for both services of the distributed setup; SPRING_PROFILES_ACTIVE picks the role
# (command or query; embedded works too). Built by docker-compose.yml.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests -pl server -am package

FROM eclipse-temurin:17-jre
# openssl for bin/token, curl for the health checks
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/server/target/meshgov-server-exec.jar /app/meshgov-server.jar
COPY bin/token /app/bin/token
ENV MESHGOV_BIND=0.0.0.0 \
    MESHGOV_DATA_DIR=/data
VOLUME /data
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/meshgov-server.jar --meshgov.data-dir=$MESHGOV_DATA_DIR"]
