package dev.harness.engine.scenario;

import dev.harness.engine.model.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The scenario file being read, as the section readers share it: its name for messages, its folder
 * for the files it names, and the command line's overrides. One per {@link ScenarioLoader#load}
 * call; immutable.
 */
final class ScenarioFile {
  final Path file;
  final String fileName;
  final Overrides overrides;

  ScenarioFile(Path file, Overrides overrides) {
    this.file = file;
    this.fileName = fileNameOf(file);
    this.overrides = overrides;
  }

  static String fileNameOf(Path file) {
    return file.getFileName() == null ? file.toString() : file.getFileName().toString();
  }

  /** The file's name without its extension: the scenario's name when it gives none. */
  String baseName() {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  /**
   * The element {@code key} of {@code f}, or an error at {@code parent} saying to give {@code
   * what}.
   */
  Node required(Map<String, Node> f, String key, Node parent, String what) {
    Node n = f.get(key);
    if (n == null || n.kind == Node.Kind.NULL) {
      String where = parent.path.equals("(top level)") ? "" : parent.path + ".";
      throw new ScenarioException(
          fileName, n == null ? parent.line : n.line, where + key + " is missing: give " + what);
    }
    return n;
  }

  byte[] readFile(Node node) {
    Path p = resolve(node);
    String problem = InputFiles.problem(p, InputFiles.MAX_BODY_BYTES);
    if (problem != null) {
      throw node.error("cannot read " + p + ": " + problem);
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw node.error("cannot read " + p + ": " + reason(e));
    }
  }

  /** A path in the file, relative to the scenario file's folder. */
  Path resolve(Node node) {
    Path p = Path.of(node.name());
    if (p.isAbsolute()) {
      return p;
    }
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? p : dir.resolve(p);
  }

  /** An exception's message cut to its first line, for a one-line error. */
  static String reason(Exception e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (m == null) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
