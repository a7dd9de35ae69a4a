# The harness as a container image, for running shards of a test on Kubernetes
# (docs/distributed.md). The jar is built in the first stage; the image is a JRE and the jar.
#
#   docker build -t registry.example.com/harness:0.1 .
#   docker run --rm registry.example.com/harness:0.1 run http://host:8080/ -R 100 -d 5s
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl harness-cli -am package

FROM eclipse-temurin:17-jre
COPY --from=build /src/harness-cli/target/harness.jar /opt/harness/harness.jar
# 'harness' on the PATH, as the manifests of 'harness k8s' call it: the repository's launcher, so
# the image runs the JVM with the same options as ./harness (heap bounded by the container's
# memory limit, serial collector, MALLOC_ARENA_MAX=2; docs/performance.md, "Memory and start-up")
# and passes SIGTERM on to the JVM once its handlers are in. HARNESS_JAVA_OPTS adds options.
COPY harness /usr/local/bin/harness
ENV HARNESS_JAR=/opt/harness/harness.jar
# The class data sharing archive, written next to the jar by a short demo run while the folder is
# writable; the user below only reads it (without it the image runs the same, a little slower to
# start: the demo's verdict does not matter here).
RUN harness demo -d 1s >/dev/null 2>&1 || true; ls -l /opt/harness
USER 65532:65532
WORKDIR /tmp
ENTRYPOINT ["harness"]
CMD ["--help"]
