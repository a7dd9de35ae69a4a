package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;
import dev.harness.report.ResultReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A shard's result carried through its pod's log, for clusters without a shared volume: {@code
 * harness k8s dump DIR} prints its result.json and latency.hlog as one zip in base64 between two
 * marker lines; {@code harness k8s collect} finds the blocks in the logs (whatever kubectl put
 * before each line) and writes each back into a folder of its own.
 */
final class LogBundle {
  static final List<String> FILES = List.of(ResultReader.RESULT_FILE, ResultReader.LATENCY_FILE);

  private static final String BEGIN = "----- harness result begin ";
  private static final String END = "----- harness result end ";
  private static final Pattern BEGIN_LINE = Pattern.compile(Pattern.quote(BEGIN) + "(\\S+) -----");
  private static final Pattern PAYLOAD = Pattern.compile("([A-Za-z0-9+/=]+)\\s*$");

  private LogBundle() {}

  /** Prints the folder {@code dir} as a block named after it. */
  static void dump(Path dir, PrintWriter out) throws IOException {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      for (String f : FILES) {
        Path p = dir.resolve(f);
        if (Files.isRegularFile(p)) {
          z.putNextEntry(new ZipEntry(f));
          z.write(Files.readAllBytes(p));
          z.closeEntry();
        }
      }
    }
    String name = dir.getFileName() == null ? "result" : dir.getFileName().toString();
    out.println(BEGIN + name + " -----");
    String b64 = Base64.getEncoder().encodeToString(zip.toByteArray());
    for (int i = 0; i < b64.length(); i += 76) {
      out.println(b64.substring(i, Math.min(b64.length(), i + 76)));
    }
    out.println(END + name + " -----");
    out.flush();
  }

  /**
   * Writes every block found in {@code log} into {@code into/NAME}.
   *
   * @return the folders written, in the order found
   */
  static List<Path> collect(List<String> log, Path into) throws IOException {
    List<Path> written = new ArrayList<>();
    String name = null;
    StringBuilder b64 = null;
    for (String line : log) {
      Matcher begin = BEGIN_LINE.matcher(line);
      if (begin.find()) {
        name = begin.group(1);
        b64 = new StringBuilder();
      } else if (name != null && line.contains(END + name + " -----")) {
        written.add(unzip(b64.toString(), into.resolve(safe(name))));
        name = null;
      } else if (name != null) {
        Matcher m = PAYLOAD.matcher(line);
        if (m.find()) {
          b64.append(m.group(1));
        }
      }
    }
    return written;
  }

  private static String safe(String name) {
    String n = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return n.startsWith(".") ? "_" + n : n;
  }

  private static Path unzip(String b64, Path dir) throws IOException {
    byte[] zip;
    try {
      zip = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("a result block in the log is damaged: " + e.getMessage());
    }
    Files.createDirectories(dir);
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = z.getNextEntry()) != null) {
        if (FILES.contains(e.getName())) { // only the files dump writes, never a path
          Files.write(dir.resolve(e.getName()), z.readAllBytes());
        }
      }
    }
    return dir;
  }

  static List<String> lines(byte[] log) {
    return new String(log, StandardCharsets.UTF_8).lines().toList();
  }
}
