package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target-metrics} against {@code harness serve} in a child JVM, whose own {@code /metrics}
 * is scraped: its {@code /leak} route makes the resident memory grow and {@code
 * target.memory.growth < 10%/h} fail; its normal route leaves it flat and the criterion passes.
 *
 * <p>The child's resident memory must stay flat on the normal route within about a hundred
 * kilobytes over the measured part (10 %/h of ~120 MB over 50 s is ~170 KB), which a JVM's own
 * growth after start (the JIT's code and arenas, heap pages touched for the first time) would
 * exceed. So the child runs interpreted ({@code -Xint}) with its whole heap touched at start
 * ({@code -Xms} = {@code -Xmx}, {@code -XX:+AlwaysPreTouch}); what {@code /leak} keeps is outside
 * the heap and touched, so it shows in full. The child's first collection mallocs the collector's
 * own work space once (some hundred KB that stay resident): a short run and a full collection
 * ({@code jcmd GC.run}) before the tests get that and the routes' first use out of the way, and a
 * young generation of 40 MB (filled at ~1 MB/s) keeps the next collection out of the measured run.
 * What remains is a step of some 70 KB a few seconds into each run (a native allocation of the
 * child's that we could not pin down): over 50 s it stays well under the bound, over 12 s it would
 * not. The load tests take over a minute, so they are tagged {@code timing} and run with the full
 * suite only.
 */
@Tag("timing")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TargetMetricsCliTest {
  private static final Pattern SERVING = Pattern.compile("serving (http://\\S+)");
  private static Process serve;
  private static String url;

  @BeforeAll
  static void startServe() throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xint",
                "-XX:+UseSerialGC",
                "-Xms64m",
                "-Xmx64m",
                "-Xmn40m",
                "-XX:+AlwaysPreTouch",
                "-XX:MaxDirectMemorySize=160m",
                "-Dio.netty.allocator.type=unpooled",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0"));
    serve = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        url = m.group(1);
        break;
      }
    }
    assertTrue(url != null, "harness serve did not say where it serves");
    Thread drain = new Thread(() -> drain(out), "serve-output");
    drain.setDaemon(true);
    drain.start();
    Cli warm =
        Cli.run(
            "run",
            url + "/",
            "-R",
            "50",
            "-d",
            "2s",
            "--target-metrics",
            url + "/metrics",
            "--target-metrics-interval",
            "500ms");
    // A cold generator may fall behind here (exit 3): only the target's warming counts.
    assertTrue(warm.exitCode() == 0 || warm.exitCode() == 3, warm.toString());
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (Files.isExecutable(jcmd)) {
      Process gc =
          new ProcessBuilder(jcmd.toString(), Long.toString(serve.pid()), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertTrue(gc.waitFor(30, TimeUnit.SECONDS), "jcmd GC.run did not end");
    }
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // the child's output is not needed after its address
      }
    } catch (java.io.IOException e) {
      // the child was stopped
    }
  }

  @AfterAll
  static void stopServe() throws Exception {
    if (serve != null) {
      serve.destroy();
      serve.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static JsonNode run(Path out, String path, String duration) throws Exception {
    Cli r =
        Cli.run(
            "run",
            url + path,
            "-R",
            "50",
            "--warmup",
            "3s",
            "-d",
            duration,
            "--target-metrics",
            url + "/metrics",
            "--target-metrics-interval",
            "500ms",
            "--target-metric",
            "jvm_heap_used_bytes",
            "--assert",
            "target.memory.growth < 10%/h",
            "--assert",
            "target.cpu < 80%",
            "--out",
            out.toString());
    JsonNode j = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    // The criteria are judged whatever the verdict; a busy machine may make the run invalid (3).
    assertTrue(r.exitCode() == 0 || r.exitCode() == 1 || r.exitCode() == 3, r.toString());
    assertTrue(r.out().contains("target     memory "), "the summary's target row: " + r);
    return j;
  }

  /** Each scrape's time and resident memory in KB, for a failure message. */
  private static String rss(JsonNode t) {
    StringBuilder s = new StringBuilder();
    for (JsonNode p : t.get("timeline")) {
      s.append(p.get("t").asText()).append("s ");
      s.append(Math.round(p.get("values").get(0).asDouble() / 1024)).append("KB, ");
    }
    return s.toString();
  }

  @Test
  @Order(1)
  void normalRouteKeepsMemoryFlatAndPasses(@TempDir Path dir) throws Exception {
    JsonNode j = run(dir, "/", "50s");
    JsonNode t = j.get("targetMetrics");
    assertEquals(url + "/metrics", t.get("url").asText());
    assertEquals(0, t.get("failures").asLong(), t.toString());
    assertTrue(t.get("timeline").size() >= 80, "a scrape every 500ms over 53 s: " + t);
    JsonNode growth = j.get("criteria").get(0);
    assertEquals("target.memory.growth < 10%/h", growth.get("expression").asText());
    assertTrue(growth.get("passed").asBoolean(), growth + " " + rss(t));
    assertTrue(j.get("criteria").get(1).get("passed").asBoolean(), "cpu " + j.get("criteria"));
  }

  @Test
  @Order(2)
  void leakingRouteShowsTheGrowthAndFailsTheCriterion(@TempDir Path dir) throws Exception {
    JsonNode j = run(dir, "/leak?kib=32", "12s");
    JsonNode t = j.get("targetMetrics");
    JsonNode memory = t.get("summary").get(0);
    assertEquals("process_resident_memory_bytes", memory.get("series").asText());
    double grown = memory.get("last").asDouble() - memory.get("first").asDouble();
    // 50/s for 12 s, 32 KiB each: 19.7 MB kept in the measured part
    assertTrue(grown > 15e6, "resident memory grew " + grown + " bytes: " + memory);
    assertTrue(t.get("memoryGrowthPercentPerHour").asDouble() > 10, t.toString());
    assertTrue(
        j.get("verdict").asText().equals("fail") || j.get("verdict").asText().equals("invalid"),
        j.get("verdict") + ": " + j.get("reason"));
    JsonNode growth = j.get("criteria").get(0);
    assertEquals("target.memory.growth < 10%/h", growth.get("expression").asText());
    assertFalse(growth.get("passed").asBoolean(), growth.toString());
    assertTrue(j.get("criteria").get(1).get("passed").asBoolean(), "cpu " + j.get("criteria"));

    Cli report = Cli.run("report", dir.toString());
    assertEquals(0, report.exitCode(), report.toString());
    assertTrue(report.out().contains("target     memory "), report.out());
    assertTrue(report.out().contains("jvm_heap_used_bytes: last "), report.out());
    String html = Files.readString(dir.resolve("report.html"));
    assertTrue(html.contains("Target memory") && html.contains("Target CPU"), "html plots");
  }
}
