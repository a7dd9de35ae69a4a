package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file in {@code src/test/resources/broken} is wrong in one way, named on its first line
 * ({@code # expect: FILE:LINE: message}). Validating or running it must print exactly one line that
 * names the file, the line and the element, and exit 2, without sending anything.
 */
class BrokenScenarioTest {
  private static final Path DIR = Path.of("src/test/resources/broken");

  static Stream<Path> brokenFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 10, "at least ten broken files: " + files);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("brokenFiles")
  void validateNamesFileLineAndElement(Path file) throws IOException {
    String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "");
    Cli r = Cli.run("validate", file.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("", r.out(), r.toString());
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), "one line: " + r);
    assertTrue(
        lines.get(0).startsWith("harness: " + expected), "expected '" + expected + "': " + r);
    assertFalse(r.err().contains("Exception"), r.toString());
  }

  @ParameterizedTest
  @MethodSource("brokenFiles")
  void runRefusesItBeforeSendingAnything(Path file) throws IOException {
    String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "");
    Cli r = Cli.run("run", file.toString(), "-q");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().startsWith("harness: " + expected), r.toString());
  }
}
