package dev.harness.engine.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every number form YAML allows reads as its value or as "not a number", never an exception. */
class YamlNumberTest {
  @Test
  void readsEveryYamlNumberForm() {
    assertEquals(1000.0, YamlNumber.parse("1_000"));
    assertEquals(16.0, YamlNumber.parse("0x10"));
    assertEquals(15.0, YamlNumber.parse("0o17"));
    assertEquals(5.0, YamlNumber.parse("0b101"));
    assertEquals(-5.0, YamlNumber.parse("-5"));
    assertEquals(5.0, YamlNumber.parse("+5"));
    assertEquals(1e12, YamlNumber.parse("1e12"));
    assertEquals(0.5, YamlNumber.parse(".5"));
    assertEquals(1e20, YamlNumber.parse("100000000000000000000"));
    assertEquals(Double.POSITIVE_INFINITY, YamlNumber.parse(".inf"));
    assertEquals(Double.NEGATIVE_INFINITY, YamlNumber.parse("-.Inf"));
    assertTrue(YamlNumber.parse(".NaN").isNaN());
  }

  @Test
  void unknownFormsAreNullNotExceptions() {
    for (String s : new String[] {"1:30", "0xZZ", "Infinity", "NaN", "", "-", "0x", "1e", "--1"}) {
      assertNull(YamlNumber.parse(s), s);
    }
  }

  @Test
  void scenarioFileRefusesHexAndUnderscoresNamingTheDecimal(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("n.yaml");
    Files.writeString(
        file,
        """
            target: http://127.0.0.1:8080
            connections: 0x10
            phases:
              - name: main
                duration: 10s
                rate: 1_000
            requests:
              - path: /
            """);
    ScenarioException e =
        assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, Overrides.NONE));
    assertTrue(e.getMessage().contains("n.yaml:6"), e.getMessage());
    assertTrue(
        e.getMessage().contains("must be written in plain decimal: '1_000' is 1000"),
        e.getMessage());
    Files.writeString(file, Files.readString(file).replace("1_000", "1000"));
    e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(file, Overrides.NONE));
    assertTrue(e.getMessage().contains("n.yaml:2"), e.getMessage());
    assertTrue(e.getMessage().contains("'0x10' is 16"), e.getMessage());
  }
}
