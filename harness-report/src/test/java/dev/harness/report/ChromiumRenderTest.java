package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens {@code report.html} from disk in headless Chromium with the network off and checks, in the
 * DOM after the page's script ran, that the browser laid out every plot with data. Keeps a
 * screenshot as a build artifact: {@code harness-report/target/report-screenshot.png}.
 *
 * <p>Skipped only when no Chromium is installed; {@code .ci/run} installs Debian's {@code
 * chromium}, so CI always runs it.
 */
class ChromiumRenderTest {
  private static final Path OUT = Path.of("target", "chromium");
  private static String chromium;
  private static Path page;
  private static RunReport report;

  @BeforeAll
  static void findChromiumAndWriteThePage() throws IOException {
    chromium = find();
    Assumptions.assumeTrue(chromium != null, "chromium not installed (CI installs it)");
    Files.createDirectories(OUT);
    report = RunReport.of(Results.realistic(), Results.info());
    page = OUT.resolve("report.html").toAbsolutePath();
    ResultFiles.writeAtomically(page, HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyPlotIsDrawnWithDataInABrowserWithoutNetwork() throws Exception {
    String dom = run("--virtual-time-budget=5000", "--dump-dom");

    assertTrue(dom.contains("data-checked=\"yes\""), "the page's script ran:\n" + head(dom));
    for (String plot : List.of("rate", "latency", "distribution", "errors")) {
      Matcher m =
          Pattern.compile("data-plot=\"" + plot + "\"[^>]*data-drawn=\"(\\d+)\"").matcher(dom);
      assertTrue(m.find(), plot + ": no data-drawn mark in the DOM");
      int drawn = Integer.parseInt(m.group(1));
      assertTrue(drawn >= 2, plot + ": expected at least 2 drawn series elements, got " + drawn);
    }
    Latency r = report.measured().response();
    for (Long v : new Long[] {r.p50(), r.p99(), r.p999(), r.max()}) {
      assertTrue(dom.contains(Format.duration(v)), "figure " + Format.duration(v) + " in the DOM");
    }
  }

  @Test
  void screenshotIsKeptAsABuildArtifact() throws Exception {
    Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    run("--window-size=1280,2400", "--hide-scrollbars", "--screenshot=" + shot);

    assertTrue(Files.exists(shot), "no screenshot at " + shot);
    byte[] png = Files.readAllBytes(shot);
    assertEquals((byte) 0x89, png[0], "PNG signature");
    assertEquals(1280, readInt(png, 16), "screenshot width");
    assertTrue(png.length > 50_000, "a page with plots is more than " + png.length + " bytes");
  }

  /** Runs headless Chromium on the page; returns its standard output. */
  private static String run(String... extra) throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium);
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            // Network off: every host name fails to resolve and any connection would go to a
            // proxy that is not there. The page must render from the file alone.
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--proxy-server=http://127.0.0.1:9",
            "--user-data-dir=" + profile));
    cmd.addAll(List.of(extra));
    cmd.add(page.toUri().toString());
    Path stdout = Files.createTempFile("chromium", ".out");
    Path stderr = OUT.resolve("chromium-stderr.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      boolean done = p.waitFor(90, TimeUnit.SECONDS);
      assertTrue(done, "chromium did not finish in 90 s; see " + stderr);
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Files.deleteIfExists(stdout);
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static String find() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : path.split(File.pathSeparator)) {
        Path f = Path.of(dir, name);
        if (Files.isExecutable(f)) {
          return f.toString();
        }
      }
    }
    return null;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xff) << 24)
        | ((b[at + 1] & 0xff) << 16)
        | ((b[at + 2] & 0xff) << 8)
        | (b[at + 3] & 0xff);
  }

  private static String head(String s) {
    return s.length() > 2000 ? s.substring(0, 2000) : s;
  }
}
