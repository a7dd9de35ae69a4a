package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.Await;
import dev.harness.engine.testkit.TargetExtension;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator that runs out of file descriptors says so: refused at start when {@code -c} cannot
 * fit under {@code ulimit -n}, and mid-run (its limit lowered under it) the run ends invalid, exit
 * 3, with the generator named and the result files written, never "the target never answered".
 */
class GeneratorFailureCliTest {
  @RegisterExtension final TargetExtension target = TargetExtension.withDefaults();

  private static List<String> withDescriptorLimit(int limit, List<String> command) {
    List<String> cmd =
        new ArrayList<>(List.of("bash", "-c", "ulimit -n " + limit + "; exec \"$@\"", "sh"));
    cmd.addAll(command);
    return cmd;
  }

  @Test
  void moreConnectionsThanTheDescriptorLimitAreRefusedAtStart(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.txt");
    List<String> cmd =
        withDescriptorLimit(
            256,
            ChildHarness.command(
                "run", target.server().url() + "/", "-R", "100", "-d", "5s", "-c", "1000"));
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String text = Files.readString(out);
    assertEquals(2, p.exitValue(), text);
    assertTrue(
        text.contains(
            "connections (1000) need more file descriptors than this process may open:"
                + " limit 256 (ulimit -n)"),
        text);
    assertFalse(text.contains("Exception"), text);
  }

  @Test
  void runningOutOfDescriptorsMidRunEndsTheRunAsTheGeneratorsFailure(@TempDir Path dir)
      throws Exception {
    assumeTrue(new File("/usr/bin/prlimit").canExecute(), "prlimit (util-linux) not installed");
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc");
    Path out = dir.resolve("out.txt");
    Path results = dir.resolve("results");
    // Every answer closes its connection, so the run keeps opening new ones.
    // One jar, as the shaded harness.jar is: with no descriptor left, classes still load from the
    // jar the JVM holds open, where a classes directory would need a descriptor per class.
    Path jar = oneJar(dir.resolve("harness-all.jar"));
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            jar.toString(),
            Main.class.getName(),
            "run",
            target.server().url() + "/",
            "-R",
            "500",
            "-d",
            "30s",
            "-c",
            "50",
            "--max-requests-per-connection",
            "1",
            "--out",
            results.toString());
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      Await.until("the child sends load", () -> target.server().requestsServed() >= 500);
      // From now on the child may open no descriptor above the ones it holds.
      int limit = lowestSocket(p.pid());
      assertTrue(limit < Integer.MAX_VALUE, "the child holds its connections");
      Process prlimit =
          new ProcessBuilder(
                  "/usr/bin/prlimit",
                  "--pid",
                  Long.toString(p.pid()),
                  "--nofile=" + limit + ":" + limit)
              .redirectErrorStream(true)
              .start();
      assertTrue(prlimit.waitFor(10, TimeUnit.SECONDS));
      assertEquals(0, prlimit.exitValue(), new String(prlimit.getInputStream().readAllBytes()));
      assertTrue(p.waitFor(25, TimeUnit.SECONDS), "the run ended before its 30 s schedule");
    } finally {
      p.destroyForcibly();
    }
    String text = Files.readString(out);
    assertEquals(3, p.exitValue(), text);
    String expected = "the generator ran out of file descriptors (ulimit -n ";
    assertTrue(text.contains("verdict: INVALID - " + expected), text);
    assertTrue(text.contains("Too many open files"), text);
    assertFalse(text.contains("never answered"), text);
    JsonNode j = new ObjectMapper().readTree(results.resolve("result.json").toFile());
    assertEquals("invalid", j.get("verdict").asText());
    assertTrue(j.get("reason").asText().startsWith(expected), j.toString());
    assertTrue(j.get("durationSeconds").asDouble() < 30, "what ran: " + j.get("durationSeconds"));
  }

  /** Every class and resource of this JVM's class path in one jar (the first of each name). */
  private static Path oneJar(Path jar) throws IOException {
    Set<String> seen = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path p = Path.of(entry);
        if (Files.isDirectory(p)) {
          try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
              String name = p.relativize(f).toString().replace(File.separatorChar, '/');
              if (seen.add(name)) {
                out.putNextEntry(new JarEntry(name));
                Files.copy(f, out);
                out.closeEntry();
              }
            }
          }
        } else if (Files.isRegularFile(p)) {
          try (JarFile in = new JarFile(p.toFile())) {
            for (JarEntry e : Collections.list(in.entries())) {
              String name = e.getName();
              boolean signature =
                  name.startsWith("META-INF/") && name.matches(".*\\.(SF|RSA|DSA)$");
              if (e.isDirectory()
                  || signature
                  || name.equals("META-INF/MANIFEST.MF")
                  || !seen.add(name)) {
                continue;
              }
              out.putNextEntry(new JarEntry(name));
              try (InputStream data = in.getInputStream(e)) {
                data.transferTo(out);
              }
              out.closeEntry();
            }
          }
        }
      }
    }
    return jar;
  }

  /**
   * The lowest descriptor number of a socket {@code pid} holds: below it are the JVM's own files,
   * held for the whole run, so with the limit there no connection can be opened again, while a file
   * can still be written once the run has closed its event loops.
   */
  private static int lowestSocket(long pid) throws Exception {
    int lowest = Integer.MAX_VALUE;
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
            lowest = Math.min(lowest, Integer.parseInt(fd.getFileName().toString()));
          }
        } catch (IOException e) {
          // closed while listed
        }
      }
    }
    return lowest;
  }
}
