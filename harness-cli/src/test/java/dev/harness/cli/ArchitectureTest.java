package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the main sources of every module, read from their text: package dependencies point
 * one way (no cycle), each package imports only what its {@code package-info.java} says it may, and
 * no source file grows past {@link #MAX_LINES} lines. It lives in the CLI module because that
 * module sits on top of the reactor; it reads the sibling modules' sources, not their classes.
 */
class ArchitectureTest {
  static final int MAX_LINES = 500;
  static final List<String> MODULES =
      List.of("harness-engine", "harness-report", "harness-cli", "benchmarks");

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  // An import, static or not, or a fully qualified use in code: dev.harness.x.y.Type
  private static final Pattern REFERENCE =
      Pattern.compile("\\b(dev\\.harness(?:\\.[a-z][a-z0-9]*)+)\\.[A-Z]");
  private static final Pattern MAY_IMPORT = Pattern.compile("May import:(.*?)\\.(?:\\s|$)");
  private static final Pattern CODE_NAME = Pattern.compile("\\{@code ([a-z][a-z0-9.]*)}");

  @Test
  void noPackageCycleInAnyModule() {
    for (String module : MODULES) {
      Map<String, Set<String>> graph = packageGraph(module);
      List<List<String>> cycles = cycles(graph);
      assertTrue(
          cycles.isEmpty(),
          module + ": packages in a dependency cycle (read import lines): " + cycles);
    }
  }

  @Test
  void everyPackageImportsOnlyWhatItsPackageInfoAllows() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (String module : MODULES) {
      for (Map.Entry<String, Set<String>> e : packageGraph(module).entrySet()) {
        Path info = packageDir(module, e.getKey()).resolve("package-info.java");
        if (!Files.exists(info)) {
          if (!module.equals("benchmarks")) { // benchmarks sit in the engine's packages
            problems.add(module + ": " + e.getKey() + " has no package-info.java");
          }
          continue;
        }
        Set<String> allowed = allowed(read(info));
        if (allowed == null) {
          problems.add(info + ": no 'May import:' line");
          continue;
        }
        checked++;
        for (String dep : e.getValue()) {
          if (!allowed.contains(dep) && !allowed.contains(root(dep))) {
            problems.add(e.getKey() + " imports " + dep + ", not in its 'May import' " + allowed);
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(checked >= 10, "expected the engine's packages to be checked, checked " + checked);
  }

  @Test
  void noMainSourceFileOverTheLimit() {
    List<String> over = new ArrayList<>();
    for (String module : MODULES) {
      for (Path file : sources(module)) {
        long lines = read(file).lines().count();
        if (lines > MAX_LINES) {
          over.add(file + " has " + lines + " lines");
        }
      }
    }
    assertEquals(List.of(), over, "main source files over " + MAX_LINES + " lines");
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> g = new TreeMap<>();
    g.put("a", Set.of("b"));
    g.put("b", Set.of("c"));
    g.put("c", Set.of("a"));
    g.put("d", Set.of("a"));
    assertEquals(List.of(List.of("a", "b", "c")), cycles(g), "a -> b -> c -> a is one cycle");
  }

  /** Each package of the module's main sources, with the dev.harness packages it refers to. */
  static Map<String, Set<String>> packageGraph(String module) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path file : sources(module)) {
      String text = read(file);
      Matcher p = PACKAGE.matcher(text);
      if (!p.find()) {
        continue;
      }
      String pkg = p.group(1);
      Set<String> deps = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
      Matcher r = REFERENCE.matcher(withoutComments(text));
      while (r.find()) {
        String dep = r.group(1);
        if (!dep.equals(pkg)) {
          deps.add(dep);
        }
      }
    }
    return graph;
  }

  /** The packages named after "May import:", as written ({@code model}) and fully qualified. */
  static Set<String> allowed(String packageInfo) {
    Matcher m = MAY_IMPORT.matcher(packageInfo.replaceAll("\\s*\\n\\s*\\*\\s*", " "));
    if (!m.find()) {
      return null;
    }
    Set<String> names = new TreeSet<>();
    Matcher c = CODE_NAME.matcher(m.group(1));
    while (c.find()) {
      String n = c.group(1);
      names.add(n.startsWith("dev.") ? n : "dev.harness.engine." + n);
    }
    return names;
  }

  /** The first two levels under dev.harness: a whole module's packages. */
  private static String root(String pkg) {
    String[] parts = pkg.split("\\.");
    return parts.length < 3 ? pkg : parts[0] + "." + parts[1] + "." + parts[2];
  }

  /** Strongly connected groups of more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new TreeMap<>();
    Map<String, Integer> low = new TreeMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<List<String>> out = new ArrayList<>();
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, out);
      }
    }
    return out;
  }

  private static void connect(
      String v,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<List<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!graph.containsKey(w)) {
        continue; // another module's package
      }
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> group = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        group.add(w);
      } while (!w.equals(v));
      if (group.size() > 1) {
        group.sort(null);
        out.add(group);
      }
    }
  }

  private static String withoutComments(String text) {
    return text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
  }

  private static Path packageDir(String module, String pkg) {
    return mainRoot(module).resolve(pkg.replace('.', '/'));
  }

  private static Path mainRoot(String module) {
    // Surefire runs in the module directory; the siblings are one level up.
    return Path.of("..", module, "src", "main", "java");
  }

  private static List<Path> sources(String module) {
    Path root = mainRoot(module);
    assertTrue(Files.isDirectory(root), "no sources at " + root.toAbsolutePath());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
