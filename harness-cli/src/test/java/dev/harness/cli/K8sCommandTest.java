package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code harness k8s}: the manifests parse as Kubernetes' own typed model (fabric8) with no field
 * it does not know, and stay as the golden file has them.
 */
class K8sCommandTest {
  private static final Path GOLDEN =
      Path.of("src", "test", "resources", "k8s", "perf-storm-4.yaml");
  private static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");

  /** Runs {@code harness k8s ARGS} at {@link #NOW}. */
  private static Cli k8s(String... args) {
    CommandLine cmd = Main.commandLine();
    K8sCommand k = cmd.getSubcommands().get("k8s").getCommand();
    k.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "k8s";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = cmd.execute(all);
    return new Cli(code, out.toString(), err.toString());
  }

  /** The YAML stream's documents. */
  private static List<String> documents(String yaml) {
    return Arrays.stream(yaml.split("(?m)^---$")).filter(d -> d.contains("kind:")).toList();
  }

  private static final ObjectMapper STRICT =
      new YAMLMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Every object of the model reached from {@code o} kept no field it does not know (fabric8 keeps
   * those in additionalProperties instead of failing).
   */
  private static void noUnknownFields(Object o, String path, Map<Object, Boolean> seen)
      throws Exception {
    if (o == null || seen.put(o, true) != null) {
      return;
    }
    if (o instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        noUnknownFields(list.get(i), path + "[" + i + "]", seen);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method m : o.getClass().getMethods()) {
      if (m.getParameterCount() != 0 || !m.getName().startsWith("get")) {
        continue;
      }
      Object v = m.invoke(o);
      if (m.getName().equals("getAdditionalProperties")) {
        assertTrue(((Map<?, ?>) v).isEmpty(), path + ": fields the model does not know: " + v);
      } else {
        noUnknownFields(v, path + "." + m.getName().substring(3), seen);
      }
    }
  }

  @Test
  void perfStormAsFourShardsMatchesTheGoldenFile() throws Exception {
    Cli c = k8s("../scenarios/perf-storm.yaml", "--shards", "4", "--image", "IMG");
    assertEquals(0, c.exitCode(), c.toString());
    if (Boolean.getBoolean("harness.updateGolden")) {
      Files.writeString(GOLDEN, c.out(), StandardCharsets.UTF_8);
    }
    assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), c.out(), "see " + GOLDEN);
  }

  @Test
  void manifestsParseAsTheTypedKubernetesModel() throws Exception {
    Cli c =
        k8s(
            "../scenarios/perf-storm.yaml",
            "--shards",
            "4",
            "--image",
            "IMG",
            "--spread",
            "--namespace",
            "load",
            "--pvc",
            "results",
            "--target",
            "http://api:8080");
    assertEquals(0, c.exitCode(), c.toString());
    List<String> docs = documents(c.out());
    assertEquals(2, docs.size(), c.out());
    ConfigMap cm = STRICT.readValue(docs.get(0), ConfigMap.class);
    noUnknownFields(cm, "ConfigMap", new IdentityHashMap<>());
    assertEquals("v1", cm.getApiVersion());
    assertEquals(
        Files.readString(Path.of("../scenarios/perf-storm.yaml")),
        cm.getData().get("perf-storm.yaml"));
    Job job = STRICT.readValue(docs.get(1), Job.class);
    noUnknownFields(job, "Job", new IdentityHashMap<>());
    assertEquals("batch/v1", job.getApiVersion());
    assertEquals("load", job.getMetadata().getNamespace());
    JobSpec spec = job.getSpec();
    assertEquals("Indexed", spec.getCompletionMode());
    assertEquals(4, spec.getCompletions());
    assertEquals(4, spec.getParallelism());
    assertEquals(0, spec.getBackoffLimit());
    assertTrue(spec.getTtlSecondsAfterFinished() > 0);
    PodFailurePolicyRule exits = spec.getPodFailurePolicy().getRules().get(0);
    assertEquals("FailJob", exits.getAction());
    assertTrue(exits.getOnExitCodes().getValues().containsAll(List.of(3, 5, 6)));
    PodSpec pod = spec.getTemplate().getSpec();
    assertEquals("Never", pod.getRestartPolicy());
    assertEquals(1, pod.getTopologySpreadConstraints().size());
    Container h = pod.getContainers().get(0);
    assertEquals("IMG", h.getImage());
    List<String> cmd = new ArrayList<>(h.getCommand());
    assertTrue(cmd.contains("--shard-from-env"), cmd.toString());
    assertEquals("2026-11-26T05:02:01Z", cmd.get(cmd.indexOf("--start-at") + 1), "start in 2m");
    assertEquals("http://api:8080", cmd.get(cmd.indexOf("--target") + 1));
    assertTrue(
        cmd.get(cmd.size() - 1).startsWith("/results/harness-perf-storm/shard-$("), cmd.toString());
    assertEquals("results", pod.getVolumes().get(1).getPersistentVolumeClaim().getClaimName());
  }

  @Test
  void aFieldTheModelDoesNotKnowIsCaught() throws Exception {
    Cli c = k8s("../scenarios/perf-storm.yaml", "--shards", "2", "--image", "IMG");
    String typo = documents(c.out()).get(1).replace("completionMode:", "completionMod:");
    Job job = new YAMLMapper().readValue(typo, Job.class);
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> noUnknownFields(job, "Job", new IdentityHashMap<>()));
    assertTrue(e.getMessage().contains("completionMod"), e.getMessage());
  }

  @Test
  void dumpedResultsComeBackFromTheLogsIntoFolders(@TempDir Path dir) throws Exception {
    Path shard = dir.resolve("shard-2");
    Files.createDirectories(shard);
    Files.writeString(shard.resolve("result.json"), "{\"verdict\":\"pass\"}\n");
    Files.write(shard.resolve("latency.hlog"), new byte[] {1, 2, 3, 0, (byte) 255});
    Cli dump = Cli.run("k8s", "dump", shard.toString());
    assertEquals(0, dump.exitCode(), dump.toString());
    // kubectl logs --prefix puts the pod before each line; other output comes around the block.
    String log =
        "starting\n"
            + dump.out()
                .lines()
                .map(l -> "[pod/h-2/harness] " + l)
                .reduce("", (a, b) -> a + b + "\n")
            + "bye\n";
    Path logs = dir.resolve("logs.txt");
    Files.writeString(logs, log);
    Cli collect =
        Cli.run("k8s", "collect", logs.toString(), "--out", dir.resolve("got").toString());
    assertEquals(0, collect.exitCode(), collect.toString());
    Path got = dir.resolve("got").resolve("shard-2");
    assertEquals("{\"verdict\":\"pass\"}\n", Files.readString(got.resolve("result.json")));
    assertTrue(
        Arrays.equals(
            new byte[] {1, 2, 3, 0, (byte) 255}, Files.readAllBytes(got.resolve("latency.hlog"))));
  }

  @Test
  void badInputIsOneLine() {
    Cli c = k8s("../scenarios/perf-storm.yaml", "--shards", "0", "--image", "IMG");
    assertEquals(Main.USAGE, c.exitCode(), c.toString());
    Cli missing = k8s("nope.yaml", "--shards", "2", "--image", "IMG");
    assertEquals(Main.USAGE, missing.exitCode(), missing.toString());
    assertEquals(1, missing.err().strip().lines().count(), missing.toString());
  }
}
