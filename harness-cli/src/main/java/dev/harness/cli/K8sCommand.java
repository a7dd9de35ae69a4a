package dev.harness.cli;

import dev.harness.engine.scenario.Overrides;
import dev.harness.engine.scenario.ScenarioLoader;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harness k8s FILE.yaml --shards N --image IMAGE}: the manifests that run a scenario as N
 * shards of a Kubernetes Indexed Job; {@code k8s dump} and {@code k8s collect} carry results
 * through pod logs.
 */
@Command(
    name = "k8s",
    mixinStandardHelpOptions = true,
    subcommands = {K8sCommand.Dump.class, K8sCommand.Collect.class},
    description = {
      "Write the Kubernetes manifests that run a scenario as N shards: a ConfigMap with the"
          + " scenario and an Indexed Job of N pods (shard K in pod K), all starting at one"
          + " instant. Apply them with kubectl, wait for the Job, collect the shards' folders,"
          + " then 'harness merge' them (docs/distributed.md)."
    },
    footer = {
      "",
      "Examples:",
      "  harness k8s scenarios/perf-storm.yaml --shards 4 --image reg/harness:0.1 \\",
      "      --target http://api.staging:8080 | kubectl apply -f -",
      "  kubectl wait --for=condition=complete job/harness-perf-storm --timeout=10m",
      "  kubectl logs -l harness.dev/test=harness-perf-storm --tail=-1 > logs.txt",
      "  harness k8s collect logs.txt --out storm",
      "  harness merge storm/shard-* --out storm/merged"
    })
final class K8sCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  // Not required to picocli: it would ask for them before 'k8s collect' too.
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The scenario file (.yaml).")
  Path file;

  @Option(names = "--shards", paramLabel = "N", description = "Shards (pods); required.")
  Integer shards;

  @Option(names = "--image", paramLabel = "IMAGE", description = "The harness image.")
  String image;

  @Option(
      names = "--start-in",
      paramLabel = "TIME",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description =
          "Every shard starts this long after the manifests are written: time to apply them,"
              + " schedule the pods and pull the image (default: ${DEFAULT-VALUE}).")
  long startInNanos;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Namespace of the ConfigMap and Job (default: kubectl's current).")
  String namespace;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Job name (default: harness-SCENARIO).")
  String name;

  @Option(names = "--target", paramLabel = "URL", description = "The target, replacing the file's.")
  String target;

  @Option(
      names = "--pvc",
      paramLabel = "CLAIM",
      description =
          "A ReadWriteMany PersistentVolumeClaim the shards write their folders to"
              + " (/results/NAME/shard-K). Without it each shard prints its result to its log for"
              + " 'harness k8s collect'.")
  String pvc;

  @Option(names = "--spread", description = "Put each shard on a node of its own.")
  boolean spread;

  @Option(
      names = "--ttl",
      paramLabel = "TIME",
      defaultValue = "24h",
      converter = DurationConverter.class,
      description = "Keep the finished Job and its logs this long (default: ${DEFAULT-VALUE}).")
  long ttlNanos;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the manifests here instead of printing them.")
  Path output;

  /** Tells the time; tests fix it. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws IOException {
    if (file == null || shards == null || image == null) {
      throw new InvalidInputException(
          "harness k8s needs FILE, --shards N and --image IMAGE (see 'harness k8s --help')");
    }
    if (shards < 1 || shards > dev.harness.engine.model.Shard.MAX_SHARDS) {
      throw new InvalidInputException("--shards must be 1 to 10000, got " + shards);
    }
    if (startInNanos < 0) {
      throw new InvalidInputException("--start-in must not be negative");
    }
    if (image.isBlank()) {
      throw new InvalidInputException("--image must name an image");
    }
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("no such scenario file: " + file);
    }
    // Refused here, not in N pods two minutes from now.
    ScenarioLoader.load(file, new Overrides(target, null, null, null, null, null, null));
    String scenario = Files.readString(file, StandardCharsets.UTF_8);
    String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String job = name != null ? name : "harness-" + base;
    if (!job.matches("[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?")) {
      throw new InvalidInputException(
          "Job name '" + job + "' is not a Kubernetes name (lower case, digits, '-'); give --name");
    }
    Instant startAt =
        clock.instant().plusNanos(startInNanos).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    String yaml =
        new K8sManifests(
                job,
                namespace,
                image,
                base.toLowerCase(Locale.ROOT) + ".yaml",
                scenario,
                shards,
                startAt,
                target,
                pvc,
                spread,
                ttlNanos / 1_000_000_000L)
            .yaml();
    if (output == null) {
      spec.commandLine().getOut().print(yaml);
      spec.commandLine().getOut().flush();
    } else {
      ResultPaths.writableFile(output);
      Files.writeString(output, yaml, StandardCharsets.UTF_8);
      spec.commandLine().getErr().println("harness: wrote " + output + " (start " + startAt + ")");
    }
    return Main.PASS;
  }

  /** {@code harness k8s dump DIR}: a shard's result into its pod's log. */
  @Command(
      name = "dump",
      mixinStandardHelpOptions = true,
      description = "Print DIR's result.json and latency.hlog as a block 'k8s collect' reads back.")
  static final class Dump implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A run's --out folder.")
    Path dir;

    @Override
    public Integer call() throws IOException {
      if (!Files.isDirectory(dir)) {
        throw new InvalidInputException("no such folder: " + dir);
      }
      LogBundle.dump(dir, spec.commandLine().getOut());
      return Main.PASS;
    }
  }

  /** {@code harness k8s collect LOG... --out DIR}: the shards' folders back from their logs. */
  @Command(
      name = "collect",
      mixinStandardHelpOptions = true,
      description =
          "Find the results the shards printed into their logs and write each into a folder:"
              + " kubectl logs -l harness.dev/test=NAME --tail=-1 > logs.txt; harness k8s collect"
              + " logs.txt --out DIR (or '-' for standard input).")
  static final class Collect implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "LOG", arity = "1..*", description = "Log files, or - for stdin.")
    List<String> logs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      List<Path> written = new ArrayList<>();
      for (String log : logs) {
        byte[] bytes;
        if (log.equals("-")) {
          bytes = System.in.readAllBytes();
        } else if (Files.isRegularFile(Path.of(log))) {
          bytes = Files.readAllBytes(Path.of(log));
        } else {
          throw new InvalidInputException("no such log file: " + log);
        }
        written.addAll(LogBundle.collect(LogBundle.lines(bytes), out));
      }
      if (written.isEmpty()) {
        throw new InvalidInputException("no harness result found in " + String.join(", ", logs));
      }
      written.forEach(p -> err.println("harness: wrote " + p));
      err.flush();
      return Main.PASS;
    }
  }
}
