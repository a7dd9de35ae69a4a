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
# 'harness' on the PATH, as the manifests of 'harness k8s' call it; JVM options from
# HARNESS_JAVA_OPTS. The JVM sizes its heap and threads from the container's limits.
RUN printf '#!/bin/sh\nexec java $HARNESS_JAVA_OPTS -jar /opt/harness/harness.jar "$@"\n' \
      > /usr/local/bin/harness \
 && chmod 755 /usr/local/bin/harness
USER 65532:65532
WORKDIR /tmp
ENTRYPOINT ["harness"]
CMD ["--help"]
