package dev.harness.engine.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.EveryField;
import dev.harness.engine.time.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void builderChangesOnlyTheSettingsItIsGiven() {
    TargetConfig config =
        TargetConfig.builder()
            .port(8080)
            .threads(2)
            .errorRate(0.25)
            .freezeNanos(300 * MS)
            .freezeEveryNanos(1000 * MS)
            .maxConcurrency(4)
            .build();
    assertEquals(
        new TargetConfig(
            "127.0.0.1",
            8080,
            2,
            Delay.NONE,
            0.25,
            300 * MS,
            1000 * MS,
            4,
            0,
            0,
            TargetConfig.DEFAULT_RATE_LIMIT,
            null,
            false,
            0),
        config);
  }

  @Test
  void rejectsEachBadSettingNamingIt() {
    assertRejected(() -> b().errorRate(1.5).build(), "error-rate must be between 0 and 1, got 1.5");
    assertRejected(
        () -> b().errorRate(-0.1).build(), "error-rate must be between 0 and 1, got -0.1");
    assertRejected(
        () -> b().errorRate(Double.NaN).build(), "error-rate must be between 0 and 1, got NaN");
    assertRejected(() -> b().port(70000).build(), "port must be between 0 and 65535, got 70000");
    assertRejected(() -> b().threads(0).build(), "threads must be between 1 and 256, got 0");
    assertRejected(() -> b().host(" ").build(), "host is missing");
    assertRejected(() -> b().delay(null).build(), "delay is missing (use none for no delay)");
    assertRejected(() -> b().freezeNanos(-1).build(), "freeze must not be negative, got -1ns");
    assertRejected(
        () -> b().freezeNanos(300 * MS).freezeEveryNanos(200 * MS).build(),
        "freeze-every must be longer than freeze (300ms), got 200ms");
    assertRejected(
        () -> b().freezeNanos(300 * MS).build(),
        "freeze-every must be longer than freeze (300ms), got none");
    assertRejected(
        () -> b().maxConcurrency(-1).build(),
        "max-concurrency must not be negative (0 means unlimited), got -1");
  }

  @Test
  void describesItsBehaviourOnOneLine() {
    TargetConfig config =
        TargetConfig.builder()
            .delay(Delay.parse("uniform:1ms-5ms"))
            .freezeNanos(300 * MS)
            .freezeEveryNanos(1000 * MS)
            .maxConcurrency(4)
            .build();
    assertEquals(
        "threads=1 delay=uniform:1ms-5ms error-rate=0.0 freeze=300ms/1.00s max-concurrency=4"
            + " rate-limit=100/s",
        config.describeBehaviour());
  }

  @Test
  void saysWhichHttp2ItServes(@TempDir Path dir) throws IOException {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not checked until served");
    Path key = Files.writeString(dir.resolve("key.pem"), "not checked until served");
    assertTrue(b().http2(true).build().describeBehaviour().endsWith(" http2=h2c"));
    String tls = b().http2(true).tls(TargetTls.of(cert, key)).build().describeBehaviour();
    assertTrue(tls.endsWith(" http2=h2 alpn=h2,http/1.1"), tls);
  }

  /** A builder from the defaults, as {@code harness serve} starts from them. */
  private static TargetConfig.Builder b() {
    return TargetConfig.defaults().toBuilder();
  }

  @Test
  void toBuilderCopiesEveryField(@TempDir Path dir) throws IOException {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not checked until served");
    Path key = Files.writeString(dir.resolve("key.pem"), "not checked until served");
    TargetConfig all =
        new TargetConfig(
            "::1",
            8080,
            3,
            Delay.parse("uniform:1ms-5ms"),
            0.25,
            300 * MS,
            1000 * MS,
            4,
            7,
            9,
            250,
            TargetTls.of(cert, key),
            true,
            8);
    EveryField.assertAllSet(all, Map.of("host", "127.0.0.1", "threads", 1, "delay", Delay.NONE));
    assertEquals(all, all.toBuilder().build());
  }

  private static void assertRejected(Supplier<TargetConfig> build, String message) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, build::get, "expected rejection: " + message);
    assertEquals(message, e.getMessage());
  }
}
