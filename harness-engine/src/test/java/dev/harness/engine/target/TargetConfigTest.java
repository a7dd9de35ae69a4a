package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.harness.engine.time.InvalidInputException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TargetConfigTest {
  private static final long MS = 1_000_000;

  @Test
  void defaultsServeLoopbackOnAnEphemeralPortWithoutMisbehaving() {
    TargetConfig config = TargetConfig.defaults();
    assertEquals("127.0.0.1", config.host(), "host");
    assertEquals(0, config.port(), "port");
    assertEquals(1, config.threads(), "threads");
    assertEquals(Delay.NONE, config.delay(), "delay");
    assertEquals(0.0, config.errorRate(), "error rate");
    assertEquals(0, config.freezeNanos(), "freeze");
    assertEquals(0, config.maxConcurrency(), "max concurrency");
  }

  @Test
  void withersChangeOneSetting() {
    TargetConfig config =
        TargetConfig.defaults()
            .withPort(8080)
            .withThreads(2)
            .withErrorRate(0.25)
            .withFreeze(300 * MS, 1000 * MS)
            .withMaxConcurrency(4);
    assertEquals(
        new TargetConfig("127.0.0.1", 8080, 2, Delay.NONE, 0.25, 300 * MS, 1000 * MS, 4), config);
  }

  @Test
  void rejectsEachBadSettingNamingIt() {
    TargetConfig d = TargetConfig.defaults();
    assertRejected(() -> d.withErrorRate(1.5), "error-rate must be between 0 and 1, got 1.5");
    assertRejected(() -> d.withErrorRate(-0.1), "error-rate must be between 0 and 1, got -0.1");
    assertRejected(
        () -> d.withErrorRate(Double.NaN), "error-rate must be between 0 and 1, got NaN");
    assertRejected(() -> d.withPort(70000), "port must be between 0 and 65535, got 70000");
    assertRejected(() -> d.withThreads(0), "threads must be between 1 and 256, got 0");
    assertRejected(() -> d.withHost(" "), "host is missing");
    assertRejected(() -> d.withDelay(null), "delay is missing (use none for no delay)");
    assertRejected(() -> d.withFreeze(-1, 0), "freeze must not be negative, got -1ns");
    assertRejected(
        () -> d.withFreeze(300 * MS, 200 * MS),
        "freeze-every must be longer than freeze (300ms), got 200ms");
    assertRejected(
        () -> d.withFreeze(300 * MS, 0),
        "freeze-every must be longer than freeze (300ms), got none");
    assertRejected(
        () -> d.withMaxConcurrency(-1),
        "max-concurrency must not be negative (0 means unlimited), got -1");
  }

  @Test
  void describesItsBehaviourOnOneLine() {
    TargetConfig config =
        TargetConfig.defaults()
            .withDelay(Delay.parse("uniform:1ms-5ms"))
            .withFreeze(300 * MS, 1000 * MS)
            .withMaxConcurrency(4);
    assertEquals(
        "threads=1 delay=uniform:1ms-5ms error-rate=0.0 freeze=300ms/1.00s max-concurrency=4",
        config.describeBehaviour());
  }

  private static void assertRejected(Supplier<TargetConfig> build, String message) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, build::get, "expected rejection: " + message);
    assertEquals(message, e.getMessage());
  }
}
