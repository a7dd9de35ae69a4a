package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.time.InvalidInputException;
import org.junit.jupiter.api.Test;

class DescriptorBudgetTest {
  @Test
  void connectionsAboveTheDescriptorLimitAreRefusedNamingTheLimit() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DescriptorBudget.check(100_000, 1024, 40));
    assertEquals(
        "connections (100000) need more file descriptors than this process may open: limit 1024"
            + " (ulimit -n), 40 open, 64 kept spare; lower connections to 920 or raise ulimit -n",
        e.getMessage());
    assertDoesNotThrow(() -> DescriptorBudget.check(920, 1024, 40));
    assertDoesNotThrow(() -> DescriptorBudget.check(100_000, -1, -1), "limit unknown");
  }

  @Test
  void thisProcessRefusesMoreConnectionsThanItsOwnLimit() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> DescriptorBudget.check(Integer.MAX_VALUE));
    assertTrue(e.getMessage().contains("ulimit -n"), e.getMessage());
  }
}
