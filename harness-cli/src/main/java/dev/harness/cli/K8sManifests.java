package dev.harness.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes manifests of one sharded test: a ConfigMap holding the scenario file and an
 * Indexed Job of N pods, pod K running shard K ({@code JOB_COMPLETION_INDEX}). No pod is ever
 * restarted ({@code restartPolicy: Never}, {@code backoffLimit: 0}): a shard restarted late would
 * shift its part of the schedule, and it would refuse to run anyway ({@code --start-at}).
 *
 * @param name the Job's name; the ConfigMap is {@code NAME-scenario}
 * @param namespace the namespace, or null for kubectl's current one
 * @param image the harness image
 * @param scenarioFile the scenario file's name, as mounted
 * @param scenario the scenario file's content
 * @param shards N
 * @param startAt the common start of every shard
 * @param target the target replacing the scenario's, or null
 * @param pvc a PersistentVolumeClaim (ReadWriteMany) the shards write their folders to, or null to
 *     print them to their logs for {@code harness k8s collect}
 * @param spread whether to keep the shards on different nodes
 * @param ttlSeconds how long the finished Job (and its pods' logs) stays
 */
record K8sManifests(
    String name,
    String namespace,
    String image,
    String scenarioFile,
    String scenario,
    int shards,
    Instant startAt,
    String target,
    String pvc,
    boolean spread,
    long ttlSeconds) {

  /** The container's name; the pod failure policy names it. */
  static final String CONTAINER = "harness";

  /**
   * Exit codes of a shard that fail the whole Job at once: bad input, invalid, internal, aborted,
   * late.
   */
  static final List<Integer> FAIL_JOB_EXIT_CODES = List.of(2, 3, 4, 5, 6);

  private static final String LABEL = "harness.dev/test";
  private static final String RESULTS = "/results";
  private static final String SCENARIO_DIR = "/scenario";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The manifests as one YAML stream, documents separated by {@code ---}. */
  String yaml() {
    YAMLMapper yaml =
        new YAMLMapper(
            YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build());
    StringBuilder out = new StringBuilder();
    out.append("# harness k8s: shards of ").append(scenarioFile).append(", start ").append(startAt);
    out.append("\n# apply: harness k8s ... | kubectl apply -f -   (docs/distributed.md)\n");
    try {
      out.append("---\n").append(yaml.writeValueAsString(configMap()));
      out.append("---\n").append(yaml.writeValueAsString(job()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
    return out.toString();
  }

  ObjectNode configMap() {
    ObjectNode cm = NODES.objectNode();
    cm.put("apiVersion", "v1");
    cm.put("kind", "ConfigMap");
    cm.set("metadata", metadata(name + "-scenario"));
    cm.putObject("data").put(scenarioFile, scenario);
    return cm;
  }

  ObjectNode job() {
    ObjectNode job = NODES.objectNode();
    job.put("apiVersion", "batch/v1");
    job.put("kind", "Job");
    job.set("metadata", metadata(name));
    ObjectNode spec = job.putObject("spec");
    spec.put("completionMode", "Indexed");
    spec.put("completions", shards);
    spec.put("parallelism", shards);
    spec.put("backoffLimit", 0);
    spec.put("ttlSecondsAfterFinished", ttlSeconds);
    ArrayNode rules = spec.putObject("podFailurePolicy").putArray("rules");
    ObjectNode exit = rules.addObject();
    exit.put("action", "FailJob");
    ObjectNode codes = exit.putObject("onExitCodes");
    codes.put("containerName", CONTAINER);
    codes.put("operator", "In");
    FAIL_JOB_EXIT_CODES.forEach(codes.putArray("values")::add);
    // A pod lost with its node (or evicted) is not replaced: a late shard would refuse to run.
    ObjectNode disrupted = rules.addObject();
    disrupted.put("action", "FailJob");
    disrupted.putArray("onPodConditions").addObject().put("type", "DisruptionTarget");
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put(LABEL, name);
    template.set("spec", podSpec());
    return job;
  }

  private ObjectNode podSpec() {
    ObjectNode pod = NODES.objectNode();
    pod.put("restartPolicy", "Never");
    // The image runs as user 65532; the group lets it write to a volume the claim gives root.
    pod.putObject("securityContext").put("fsGroup", 65532);
    if (spread) {
      ObjectNode c = pod.putArray("topologySpreadConstraints").addObject();
      c.put("maxSkew", 1);
      c.put("topologyKey", "kubernetes.io/hostname");
      c.put("whenUnsatisfiable", "DoNotSchedule");
      c.putObject("labelSelector").putObject("matchLabels").put(LABEL, name);
    }
    ObjectNode container = pod.putArray("containers").addObject();
    container.put("name", CONTAINER);
    container.put("image", image);
    String out = RESULTS + "/" + (pvc == null ? "" : name + "/") + "shard-$(JOB_COMPLETION_INDEX)";
    List<String> run =
        new ArrayList<>(List.of("harness", "run", SCENARIO_DIR + "/" + scenarioFile));
    if (target != null) {
      run.addAll(List.of("--target", target));
    }
    run.addAll(
        List.of("--shard-from-env", "--start-at", startAt.toString(), "--quiet", "--out", out));
    ArrayNode command = container.putArray("command");
    if (pvc == null) {
      // No shared volume: the shard prints its folder into its log for 'harness k8s collect',
      // and exits with the run's code so the pod failure policy still sees it.
      command.add("sh").add("-c");
      command.add(
          String.join(" ", run.stream().map(K8sManifests::shellQuote).toList())
              + "; code=$?; harness k8s dump "
              + out
              + "; exit $code");
    } else {
      run.forEach(command::add);
    }
    ArrayNode env = container.putArray("env");
    ObjectNode index = env.addObject();
    index.put("name", ShardOptions.INDEX_ENV);
    index
        .putObject("valueFrom")
        .putObject("fieldRef")
        .put("fieldPath", "metadata.annotations['batch.kubernetes.io/job-completion-index']");
    env.addObject().put("name", ShardOptions.COUNT_ENV).put("value", Integer.toString(shards));
    ArrayNode mounts = container.putArray("volumeMounts");
    mounts.addObject().put("name", "scenario").put("mountPath", SCENARIO_DIR).put("readOnly", true);
    mounts.addObject().put("name", "results").put("mountPath", RESULTS);
    ArrayNode volumes = pod.putArray("volumes");
    ObjectNode scenarioVolume = volumes.addObject().put("name", "scenario");
    scenarioVolume.putObject("configMap").put("name", name + "-scenario");
    ObjectNode results = volumes.addObject().put("name", "results");
    if (pvc == null) {
      results.putObject("emptyDir");
    } else {
      results.putObject("persistentVolumeClaim").put("claimName", pvc);
    }
    return pod;
  }

  private ObjectNode metadata(String n) {
    ObjectNode m = NODES.objectNode();
    m.put("name", n);
    if (namespace != null) {
      m.put("namespace", namespace);
    }
    m.putObject("labels").put("app.kubernetes.io/name", "harness").put(LABEL, name);
    return m;
  }

  /** One word for sh -c: as is when plain, else in single quotes. */
  static String shellQuote(String s) {
    if (s.matches("[A-Za-z0-9_./:=@%+,$()-]+")) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
