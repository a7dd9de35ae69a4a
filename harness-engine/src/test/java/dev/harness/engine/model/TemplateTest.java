package dev.harness.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.time.InvalidInputException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static Template.Values values(Map<String, String> vars, long counter) {
    return new Template.Values() {
      @Override
      public String variable(String name) {
        return vars.get(name);
      }

      @Override
      public long counter() {
        return counter;
      }
    };
  }

  @Test
  void rendersVariablesBuiltInsAndEscapes() {
    Template t = Template.parse("/u/${user}?n=${counter}&cost=$$5&r=${randomInt(3,3)}");
    assertEquals("/u/ann?n=42&cost=$5&r=3", t.render(values(Map.of("user", "ann"), 42)));
    assertEquals(Set.of("user"), t.variables(), "built-ins are not flow variables");
    assertFalse(t.isStatic());
  }

  @Test
  void textWithoutPlaceholdersIsStatic() {
    Template t = Template.parse("/plain/path?a=$b");
    assertTrue(t.isStatic());
    assertEquals("/plain/path?a=$b", t.render(values(Map.of(), 0)));
  }

  @Test
  void malformedPlaceholdersAreRefusedWhenLoaded() {
    assertThrows(InvalidInputException.class, () -> Template.parse("/x/${user"));
    assertThrows(InvalidInputException.class, () -> Template.parse("/x/${two words}"));
    assertThrows(InvalidInputException.class, () -> Template.parse("/x/${randomInt(5,1)}"));
  }

  @Test
  void aFlowMayOnlyUseVariablesDefinedBeforeTheStep() {
    RequestSpec first = RequestSpec.of("first", "GET", "/a", java.util.List.of(), null);
    RequestSpec second = RequestSpec.of("second", "GET", "/b/${token}", java.util.List.of(), null);
    Step extracts =
        new Step(
            first,
            true,
            false,
            java.util.List.of(),
            java.util.List.of(new Extract("token", new Extract.JsonAt("/t"))));
    Step uses = new Step(second, true, false, java.util.List.of(), java.util.List.of());
    new Flow("ok", 1, java.util.List.of(extracts, uses), null, Map.of());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new Flow("bad", 1, java.util.List.of(uses, extracts), null, Map.of()));
    assertTrue(e.getMessage().contains("step second: unknown variable '${token}'"), e.getMessage());
  }

  @Test
  void randomIntCoversEveryRangeALongHoldsAndRefusesWiderOnes() {
    Template.Values none = values(Map.of(), 0);
    for (int i = 0; i < 1000; i++) {
      long v = Long.parseLong(Template.parse("${randomInt(0,9223372036854775807)}").render(none));
      assertTrue(v >= 0, "in range: " + v);
      Long.parseLong(
          Template.parse("${randomInt(-9223372036854775808,9223372036854775807)}").render(none));
      long top =
          Long.parseLong(
              Template.parse("${randomInt(9223372036854775806,9223372036854775807)}").render(none));
      assertTrue(top >= Long.MAX_VALUE - 1, "in range: " + top);
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Template.parse("/x/${randomInt(1,99999999999999999999)}"));
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }
}
