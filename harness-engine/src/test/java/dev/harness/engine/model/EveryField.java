package dev.harness.engine.model;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * Checks that a sample record sets every component to something other than an empty or zero value,
 * so a {@code toBuilder().build()} round trip of it would notice a component the builder drops, and
 * a component added later fails here until the sample sets it too.
 */
public final class EveryField {
  private EveryField() {}

  /**
   * @param sample the record to check
   * @param defaults values that count as unset for a component, by component name (a builder's
   *     defaults), besides null, empty and zero
   */
  public static void assertAllSet(Record sample, Map<String, Object> defaults) {
    for (RecordComponent c : sample.getClass().getRecordComponents()) {
      Object v;
      try {
        v = c.getAccessor().invoke(sample);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(c.getName(), e);
      }
      String what = c.getName() + " must be set in the sample, to a value no builder starts from";
      assertNotNull(v, what);
      if (v instanceof Collection<?> col) {
        assertNotEquals(0, col.size(), what);
      }
      if (v instanceof Number n) {
        assertNotEquals(0.0, n.doubleValue(), what);
      }
      if (v instanceof Boolean b && defaults.containsKey(c.getName())) {
        assertNotEquals(defaults.get(c.getName()), b, what);
      } else if (defaults.containsKey(c.getName())) {
        assertNotEquals(defaults.get(c.getName()), v, what);
      }
    }
  }
}
