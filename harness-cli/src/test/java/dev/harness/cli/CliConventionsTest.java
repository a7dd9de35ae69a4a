package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The conventions users bring from other tools: clean help, {@code -V} everywhere, shell
 * completion, SI suffixes ({@code -R 2k}), {@code -n N} as hey and ab, {@code -X} as curl.
 */
class CliConventionsTest {
  @RegisterExtension static final TargetExtension server = TargetExtension.withDefaults();

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, CommandLine> subcommands() {
    return Main.commandLine().getSubcommands();
  }

  /** picocli formats descriptions with String.format: a lone % made it warn on stderr. */
  @Test
  void helpOfEveryCommandRendersWithoutPicocliWarnings() {
    PrintStream old = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Main.commandLine().getUsageMessage();
      subcommands().values().forEach(CommandLine::getUsageMessage);
    } finally {
      System.setErr(old);
    }
    String err = captured.toString(StandardCharsets.UTF_8);
    assertTrue(!err.contains("[picocli WARN]"), err);
  }

  /** picocli reads ${...} as its own variables: a template in a description must be escaped. */
  @Test
  void templatesInHelpAreShownAsWritten() {
    String help = subcommands().get("run").getUsageMessage();
    assertTrue(help.contains("${counter}"), help);
    assertTrue(!help.contains("null, null"), help);
  }

  /** An option's description is one paragraph picocli wraps, not lines cut by hand. */
  @Test
  void everyDescriptionIsWholeSentences() {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : subcommands().entrySet()) {
      CommandSpec spec = e.getValue().getCommandSpec();
      List<ArgSpec> args = new ArrayList<>(spec.options());
      args.addAll(spec.positionalParameters());
      for (ArgSpec a : args) {
        String[] d = a.description();
        if (d.length != 1 || !d[0].strip().endsWith(".")) {
          bad.add(e.getKey() + " " + a.paramLabel() + ": " + String.join(" / ", d));
        }
      }
      String[] summary = spec.usageMessage().description();
      if (summary.length > 0 && !summary[0].strip().endsWith(".")) {
        bad.add(e.getKey() + " summary: " + summary[0]);
      }
    }
    assertEquals(List.of(), bad, "descriptions cut mid-sentence");
  }

  /** Examples in footers fit the help's width, so picocli never splits one mid-word. */
  @Test
  void footerLinesAreNeverWrapped() {
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, CommandLine> e : subcommands().entrySet()) {
      CommandSpec spec = e.getValue().getCommandSpec();
      int width = spec.usageMessage().width();
      for (String line : spec.usageMessage().footer()) {
        String shown = String.format(line.replace("%n", ""));
        if (shown.length() > width) {
          bad.add(e.getKey() + ": " + shown);
        }
      }
    }
    assertEquals(List.of(), bad, "footer lines longer than the help's width");
  }

  @Test
  void dashCapitalVPrintsTheVersionOnEverySubcommand() {
    String version = "harness " + Main.Version.version();
    for (String name : subcommands().keySet()) {
      if (name.equals("help")) {
        continue;
      }
      Cli r = Cli.run(name, "-V");
      assertEquals(0, r.exitCode(), name + ": " + r);
      assertEquals(version, r.out().strip(), name + " -V: " + r);
    }
  }

  /** The script sourced in bash completes 'harness ru' to 'run', as a TAB would. */
  @Test
  void bashCompletionCompletesRun(@TempDir Path dir) throws Exception {
    Cli r = Cli.run("completion", "bash");
    assertEquals(0, r.exitCode(), r.toString());
    Path script = Files.writeString(dir.resolve("harness.bash"), r.out());
    String probe =
        "source '"
            + script
            + "'\n"
            + "COMP_WORDS=(harness ru); COMP_CWORD=1; COMP_LINE='harness ru';"
            + " COMP_POINT=${#COMP_LINE}\n"
            + "_complete_harness harness ru harness 2>/dev/null\n"
            + "echo \"reply: ${COMPREPLY[*]}\"\n";
    Process p =
        new ProcessBuilder("bash", "--norc", "--noprofile", "-c", probe)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash finished");
    assertTrue(out.contains("reply: run"), out);

    Cli zsh = Cli.run("completion", "zsh");
    assertEquals(0, zsh.exitCode(), zsh.toString());
    assertTrue(zsh.out().contains("bashcompinit") && zsh.out().contains("_complete_harness"));
    Cli fish = Cli.run("completion", "fish");
    assertEquals(2, fish.exitCode(), fish.toString());
    assertTrue(fish.err().contains("unknown shell 'fish'"), fish.toString());
  }

  @Test
  void siSuffixesReadAsWrk2Does() {
    assertEquals(2000.0, new SiNumber.Rate().convert("2k"));
    assertEquals(1_500_000.0, new SiNumber.Rate().convert("1.5M"));
    assertEquals(1e12, new SiNumber.Rate().convert("1e12"));
    assertEquals(1500, new SiNumber.Count().convert("1.5k"));
    assertEquals(2_000_000_000L, new SiNumber.LongCount().convert("2G"));
    Cli bad = Cli.run("run", server.url() + "/", "-R", "2x");
    assertEquals(2, bad.exitCode(), bad.toString());
    assertTrue(bad.err().contains("'2x' is not a number"), bad.toString());
    Cli half = Cli.run("run", server.url() + "/", "-R", "10", "-c", "1.5");
    assertEquals(2, half.exitCode(), half.toString());
    assertTrue(half.err().contains("not a whole number"), half.toString());
  }

  /**
   * Arrivals are counted whatever the verdict: on a busy machine the generator may fall behind
   * (exit 3), but it is offered, and counts, exactly the schedule's arrivals.
   */
  @Test
  void rate2kRunsAt2000PerSecond() throws Exception {
    Cli r = Cli.run("run", server.url() + "/", "-R", "2k", "-d", "1s", "-q", "--json", "-");
    assertTrue(r.exitCode() == 0 || r.exitCode() == 3, r.toString());
    JsonNode j = JSON.readTree(r.out());
    assertEquals(2000.0, j.get("offeredRate").asDouble(), r.err());
    assertEquals(2000, j.get("requests").asLong(), "2k/s for 1 s: " + r.err());
  }

  @Test
  void countSendsExactlyThatManyRequests() throws Exception {
    long before = server.server().requestsServed();
    Cli r = Cli.run("run", server.url() + "/", "-R", "2k", "-n", "5000", "-q", "--json", "-");
    assertTrue(r.exitCode() == 0 || r.exitCode() == 3, r.toString());
    JsonNode j = JSON.readTree(r.out());
    assertEquals(5000, j.get("requests").asLong(), r.err());
    assertEquals(2.5, j.get("durationSeconds").asDouble(), "5000 at 2000/s: " + r.err());
    long served = server.server().requestsServed() - before;
    // The target also answered the priming requests, one per opened connection at most.
    assertTrue(served <= 5000 + 32, "the target served " + served);
    assertEquals(5000, j.get("sent").asLong() + j.get("outcomes").get("unsent").asLong());
  }

  @Test
  void countEndsARunBeforeItsDurationAndSplitsOverWorkers() throws Exception {
    Cli open =
        Cli.run(
            "run",
            server.url() + "/",
            "-R",
            "1k",
            "-n",
            "1001",
            "-d",
            "20s",
            "-t",
            "2",
            "-c",
            "4",
            "-q",
            "--json",
            "-");
    assertEquals(0, open.exitCode(), open.toString());
    JsonNode j = JSON.readTree(open.out());
    assertEquals(1001, j.get("requests").asLong(), open.err());
    assertTrue(j.get("durationSeconds").asDouble() < 19, "ended before -d: " + j);

    Cli closed =
        Cli.run(
            "run",
            server.url() + "/",
            "--closed",
            "-c",
            "4",
            "-t",
            "2",
            "-n",
            "3k",
            "-q",
            "--json",
            "-");
    assertEquals(0, closed.exitCode(), closed.toString());
    assertEquals(3000, JSON.readTree(closed.out()).get("requests").asLong(), closed.err());
  }

  @Test
  void dashXIsTheMethod() throws Exception {
    Cli r =
        Cli.run(
            "run",
            server.url() + "/echo",
            "-X",
            "POST",
            "--body",
            "hi",
            "-R",
            "50",
            "-d",
            "1s",
            "-q",
            "--json",
            "-");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode j = JSON.readTree(r.out());
    assertTrue(j.toString().contains("POST /echo"), j.get("config").toString());
  }
}
