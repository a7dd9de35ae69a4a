package dev.harness.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.CheckFailures;
import dev.harness.engine.time.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Checks and extractions with templated values, and the reasons a failed check gives. */
class CheckTest {
  private static Template.Values values(Map<String, String> vars) {
    return new Template.Values() {
      @Override
      public String variable(String name) {
        return vars.get(name);
      }

      @Override
      public long counter() {
        return 7;
      }
    };
  }

  private static Answer json(String body) {
    return new Answer(
        200,
        name -> name.equalsIgnoreCase("X-User") ? "alice" : null,
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aJsonCheckComparesWithTheFlowsValue() {
    Check c = new Check.Json("/user", "${username}");
    Answer a = json("{\"user\":\"alice\"}");
    assertNull(c.failure(a, values(Map.of("username", "alice"))));
    assertEquals(
        "json /user: expected 'bob', got 'alice'", c.failure(a, values(Map.of("username", "bob"))));
    assertEquals(Set.of("username"), c.variables());
  }

  @Test
  void thePointerIsATemplateToo() {
    Check c = new Check.Json("/items/${i}/name", "mouse");
    Answer a = json("{\"items\":[{\"name\":\"keyboard\"},{\"name\":\"mouse\"}]}");
    assertNull(c.failure(a, values(Map.of("i", "1"))));
    assertEquals(
        "json /items/0/name: expected 'mouse', got 'keyboard'",
        c.failure(a, values(Map.of("i", "0"))));
    assertEquals("json /items/9/name: no value", c.failure(a, values(Map.of("i", "9"))));
  }

  @Test
  void headerAndBodyChecksRenderTheirValues() {
    Answer a = json("{\"user\":\"alice\"}");
    Template.Values v = values(Map.of("u", "alice", "n", "bob"));
    assertNull(new Check.Header("X-User", "${u}").failure(a, v));
    assertEquals(
        "header X-User: expected 'bob', got 'alice'",
        new Check.Header("X-User", "${n}").failure(a, v));
    assertEquals("header X-Other: missing", new Check.Header("X-Other", "x").failure(a, v));
    assertNull(new Check.BodyContains("\"${u}\"").failure(a, v));
    assertEquals(
        "bodyContains: expected 'bob', got body '{\"user\":\"alice\"}'",
        new Check.BodyContains("${n}").failure(a, v));
    assertEquals(
        "status: expected 201 or 3xx, got 200",
        new Check.Status(List.of("201", "3xx")).failure(a, v));
  }

  @Test
  void longValuesAreCutSoAReasonStaysShort() {
    String big = "x".repeat(500);
    String why =
        new Check.Json("/user", big).failure(json("{\"user\":\"" + big + "y\"}"), values(Map.of()));
    assertTrue(why.length() <= 2 * Reasons.VALUE_CHARS + 40, why);
    assertTrue(why.contains("…"), why);
  }

  @Test
  void extractionsRenderTheirSource() {
    Answer a = json("{\"alice\":{\"id\":\"42\"},\"text\":\"id=alice-42\"}");
    Template.Values v = values(Map.of("u", "alice"));
    assertEquals("42", new Extract.JsonAt("/${u}/id").value(a, v));
    assertEquals("alice", new Extract.HeaderValue("X-${u}").value(a, values(Map.of("u", "User"))));
    assertEquals("42", Extract.Regex.of("\\Q${u}\\E-(\\d+)").value(a, v));
    assertEquals("42", Extract.Regex.of("alice-(\\d+)").value(a, v));
    assertThrows(InvalidInputException.class, () -> Extract.Regex.of("(unclosed"));
    assertThrows(InvalidInputException.class, () -> new Extract.JsonAt("no-slash"));
  }

  @Test
  void aCheckMayOnlyUseVariablesKnownBeforeItsStep() {
    RequestSpec r = RequestSpec.of("me", "GET", "/me", List.of(), null);
    Step s = new Step(r, true, false, List.of(new Check.Json("/user", "${who}")), List.of());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> new Flow("f", 1, List.of(s), null, Map.of()));
    assertTrue(e.getMessage().contains("unknown variable '${who}'"), e.getMessage());
    new Flow("f", 1, List.of(s), null, Map.of("who", "alice"));
  }

  @Test
  void failureReasonsAreBoundedAndMerged() {
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < 25; i++) {
      counts.put("reason " + i, (long) (100 - i));
    }
    CheckFailures f = CheckFailures.of(counts);
    assertEquals(CheckFailures.MAX_REASONS + 1, f.reasons().size());
    assertEquals(new CheckFailures.Reason("reason 0", 100), f.reasons().get(0));
    assertEquals(
        new CheckFailures.Reason(CheckFailures.OTHER, 80 + 79 + 78 + 77 + 76), f.reasons().get(20));
    CheckFailures both = f.plus(CheckFailures.of(Map.of("reason 24", 1000L)));
    // reason 24 was already folded into other: it cannot be taken back out, and the newly least
    // frequent kept reason joins other instead.
    assertEquals(new CheckFailures.Reason("reason 24", 1000), both.reasons().get(0));
    assertEquals(new CheckFailures.Reason(CheckFailures.OTHER, 390 + 81), both.reasons().get(20));
    assertEquals(f.total() + 1000, both.total());
    assertEquals(CheckFailures.MAX_REASONS + 1, both.reasons().size());
  }
}
