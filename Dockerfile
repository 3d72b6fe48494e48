# syntax=docker/dockerfile:1
# One multi-stage file, three images:
#   --target streamer      the Kafka Streams app, CPU (default)
#   --target streamer-gpu  the same built with -Pgpu on a CUDA 12 / cuDNN 9 runtime
#   --target trainer       the trainer, for one-shot training runs
# Not buildable on this project's CI machines (no Docker engine); docker-compose.yml is validated there.
# The sandbox module (demo, benchmark, embedded broker) is in no image: streamer/target/lib holds no
# broker jar (streamer's StreamerPackagingIT checks it).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
ARG MAVEN_PROFILES=""
RUN ./mvnw -q -B -DskipTests ${MAVEN_PROFILES} -pl streamer,trainer -am package

FROM eclipse-temurin:17-jre AS streamer
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app moodstream \
    && mkdir -p /app/.javacpp && chown moodstream /app/.javacpp
# javacpp unpacks OpenCV's (and nd4j's) natives into ~/.javacpp/cache on first use: a writable home.
WORKDIR /app
COPY --from=build /src/streamer/target/moodstream-streamer.jar /app/
COPY --from=build /src/streamer/target/lib /app/lib
# The shipped model, the default of --model (found through moodstream.home).
COPY models/default /app/models/default
USER moodstream
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-Dmoodstream.home=/app", "-jar", "/app/moodstream-streamer.jar"]
CMD ["stream"]

FROM eclipse-temurin:17-jre AS trainer
RUN useradd --system --uid 10001 --home /app moodstream && mkdir -p /app/.javacpp && chown moodstream /app/.javacpp
WORKDIR /app
COPY --from=build /src/trainer/target/moodstream-trainer.jar /app/
COPY --from=build /src/trainer/target/lib /app/lib
USER moodstream
ENTRYPOINT ["java", "-Xmx6g", "-jar", "/app/moodstream-trainer.jar"]
CMD ["train", "--data", "/data", "--out", "/models"]

FROM build AS build-gpu
RUN ./mvnw -q -B -DskipTests -Pgpu -pl streamer -am package

FROM nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04 AS streamer-gpu
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
    && rm -rf /var/lib/apt/lists/* && useradd --system --uid 10001 --home /app moodstream \
    && mkdir -p /app/.javacpp && chown moodstream /app/.javacpp
WORKDIR /app
COPY --from=build-gpu /src/streamer/target/moodstream-streamer.jar /app/
COPY --from=build-gpu /src/streamer/target/lib /app/lib
COPY models/default /app/models/default
USER moodstream
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-Dmoodstream.home=/app", "-jar", "/app/moodstream-streamer.jar"]
CMD ["stream", "--provider", "cuda"]
