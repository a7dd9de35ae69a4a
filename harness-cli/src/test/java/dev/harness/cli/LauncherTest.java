package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harness.engine.testkit.TargetExtension;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./harness} launcher's JVM options: its own for a load generator, the user's
 * HARNESS_JAVA_OPTS after them and winning (a heap or collector of the user's replaces the
 * launcher's, which the JVM would otherwise refuse as a conflict), and the class data sharing
 * archive the first run of a jar writes next to it, which later launches map.
 */
class LauncherTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  private record Launch(int exit, String out, String err) {}

  @Test
  void theLaunchersOptionsComeFirstAndTheUsersWin() throws Exception {
    String defaults = print(Map.of());
    assertTrue(defaults.startsWith("MALLOC_ARENA_MAX=2 java -Xms64m -Xmx"), defaults);
    assertTrue(defaults.contains(" -XX:+UseSerialGC "), defaults);
    assertTrue(defaults.endsWith(" dev.harness.cli.Main --version"), defaults);

    String theirs = print(Map.of("HARNESS_JAVA_OPTS", "-Xms48m -XX:+UseG1GC -Dx=1"));
    assertFalse(
        theirs.contains("-Xms64m -Xmx"), "a heap option of theirs replaces ours: " + theirs);
    assertFalse(theirs.contains("-Xmx"), theirs);
    assertFalse(theirs.contains("UseSerialGC"), "their collector replaces ours: " + theirs);
    assertTrue(theirs.contains(" -Xms48m -XX:+UseG1GC -Dx=1 "), "appended: " + theirs);

    String replaced = print(Map.of("HARNESS_JAVA_DEFAULTS", "-Xss1m", "MALLOC_ARENA_MAX", "8"));
    assertTrue(
        replaced.startsWith("MALLOC_ARENA_MAX=8 java -Xss1m -cp "),
        "HARNESS_JAVA_DEFAULTS replaces the list; the user's MALLOC_ARENA_MAX stays: " + replaced);
    assertTrue(
        print(Map.of("HARNESS_JAVA_DEFAULTS", "")).startsWith("java -cp "),
        "HARNESS_JAVA_DEFAULTS= runs with the JVM's own defaults");

    // The JVM takes both lists as the launcher puts them together.
    Launch ours = launch(Map.of("HARNESS_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), "--version");
    assertEquals(0, ours.exit(), ours.toString());
    assertTrue(ours.out().contains("-XX:+UseSerialGC"), ours.out());
    assertTrue(ours.out().contains("-XX:InitialHeapSize=67108864"), ours.out());
    Launch g1 =
        launch(
            Map.of("HARNESS_JAVA_OPTS", "-XX:+UseG1GC -Xms300m -XX:+PrintCommandLineFlags"),
            "--version");
    assertEquals(0, g1.exit(), g1.toString());
    assertTrue(g1.out().contains("-XX:+UseG1GC"), g1.out());
    assertTrue(g1.out().contains("-XX:InitialHeapSize=314572800"), g1.out());
  }

  @Test
  void theFirstRunOfAJarWritesAnArchiveThatLaterLaunchesMap(@TempDir Path dir) throws Exception {
    // A dynamic archive sits on top of the JDK's own (some builds ship none).
    Path base = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");
    assumeTrue(Files.isRegularFile(base), "the JDK has no default CDS archive: " + base);
    Path jar = appJar(dir.resolve("app"));
    Launch run =
        launch(
            Map.of("HARNESS_JAR", jar.toString()),
            "run",
            target.server().url() + "/",
            "-R",
            "50",
            "-d",
            "1s",
            "-q",
            "--json",
            dir.resolve("r.json").toString());
    assertEquals(0, run.exit(), run.toString());
    assertTrue(run.out().contains("verdict: PASS"), run.out());
    for (String said : List.of(run.out(), run.err())) {
      assertFalse(said.contains("[warning]") || said.contains("cds"), "nothing about it: " + said);
    }
    List<Path> archives = archives(jar.getParent());
    assertEquals(1, archives.size(), "one archive next to the jar: " + archives);
    assertTrue(archives.get(0).getFileName().toString().endsWith(".jsa"), archives.toString());

    // The next launch maps the run's classes from it: the CLI's own are already there.
    Launch mapped =
        launch(
            Map.of("HARNESS_JAR", jar.toString(), "HARNESS_JAVA_OPTS", "-Xlog:class+load"),
            "--version");
    assertEquals(0, mapped.exit(), mapped.toString());
    assertTrue(mainFromArchive(mapped.out()), mapped.out());

    // A rebuilt jar does not use the old archive (the JVM would refuse it, for good); its first
    // run writes its own and the old one goes.
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    Launch stale =
        launch(
            Map.of("HARNESS_JAR", jar.toString(), "HARNESS_JAVA_OPTS", "-Xlog:class+load"),
            "--version");
    assertEquals(0, stale.exit(), stale.toString());
    assertFalse(mainFromArchive(stale.out()), stale.out());
    assertFalse(stale.out().contains("warning"), stale.out());
    assertEquals(archives, archives(jar.getParent()), "--version writes no archive");
  }

  private static boolean mainFromArchive(String classLoadLog) {
    return classLoadLog
        .lines()
        .anyMatch(l -> l.contains(" dev.harness.cli.Main ") && l.contains("shared objects file"));
  }

  /** The command line the launcher would run, for {@code --version} on the classes under test. */
  private static String print(Map<String, String> env) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("HARNESS_PRINT_COMMAND", "1");
    Launch l = launch(all, "--version");
    assertEquals(0, l.exit(), l.toString());
    String line = l.out().strip();
    String cp = System.getProperty("java.class.path");
    return line.replace(cp, "").replace("-cp  ", "-cp ");
  }

  private static List<Path> archives(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> !p.getFileName().toString().endsWith(".jar"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    }
  }

  /**
   * {@code ./harness ARGS} with the classes under test (HARNESS_CLASSPATH) unless env names a
   * HARNESS_JAR.
   */
  private static Launch launch(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> e = pb.environment();
    for (String k :
        List.of(
            "HARNESS_JAVA_OPTS",
            "HARNESS_JAVA_DEFAULTS",
            "HARNESS_CDS",
            "HARNESS_JAR",
            "HARNESS_CLASSPATH",
            "HARNESS_PRINT_COMMAND",
            "MALLOC_ARENA_MAX",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS")) {
      e.remove(k);
    }
    if (!env.containsKey("HARNESS_JAR")) {
      e.put("HARNESS_CLASSPATH", System.getProperty("java.class.path"));
    }
    e.putAll(env);
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    e.merge("PATH", bin, (old, b) -> b + ":" + old);
    Process p = pb.start();
    p.getOutputStream().close();
    // Small outputs: read one after the other (class+load lines go to stdout, a few hundred KB).
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread t =
        new Thread(
            () -> {
              try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException x) {
                err.completeExceptionally(x);
              }
            });
    t.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
    return new Launch(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
  }

  private static Path launcher() {
    Path p = Path.of(System.getProperty("user.dir")).resolve("../harness").normalize();
    assertTrue(Files.isExecutable(p), "the launcher script at " + p);
    return p;
  }

  /**
   * The CLI as an application jar, as the shaded harness.jar is for class data sharing: a jar with
   * a Main-Class, its libraries beside it in lib/ named by its Class-Path (the JVM archives classes
   * from jars only). Class folders of the build become jars of their own; test folders and test
   * libraries are left out.
   */
  private static Path appJar(Path app) throws IOException {
    Path lib = Files.createDirectories(app.resolve("lib"));
    List<String> classPath = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (name.equals("test-classes") || name.contains("junit") || name.contains("tests.jar")) {
        continue;
      }
      Path to = lib.resolve(n++ + "-" + (Files.isDirectory(p) ? "classes.jar" : name));
      if (Files.isDirectory(p)) {
        folderJar(p, to, null);
      } else if (Files.isRegularFile(p)) {
        Files.copy(p, to);
      } else {
        continue;
      }
      classPath.add("lib/" + to.getFileName());
    }
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
    Path jar = app.resolve("harness.jar");
    folderJar(null, jar, m);
    return jar;
  }

  private static void folderJar(Path folder, Path jar, Manifest manifest) throws IOException {
    try (OutputStream o = Files.newOutputStream(jar);
        JarOutputStream out =
            manifest == null ? new JarOutputStream(o) : new JarOutputStream(o, manifest)) {
      if (folder == null) {
        return;
      }
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          out.putNextEntry(
              new JarEntry(folder.relativize(f).toString().replace(File.separatorChar, '/')));
          try (InputStream in = Files.newInputStream(f)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
  }
}
