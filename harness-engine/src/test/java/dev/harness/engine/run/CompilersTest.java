package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.model.Phase;
import dev.harness.engine.model.RateProfile;
import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which compilers a run asks for. That the JVM takes the choice is shown on a real child process
 * (harness-cli's {@code JitChoiceCliTest}); a test JVM is never changed.
 */
class CompilersTest {
  private static final long SECOND = 1_000_000_000L;

  private static RunSpec open(int workers, RateProfile... rates) {
    List<Phase> phases =
        java.util.stream.IntStream.range(0, rates.length)
            .mapToObj(i -> new Phase("p" + i, SECOND, rates[i], i == 0 && rates.length > 1))
            .toList();
    return RunSpec.builder()
        .target(Target.parse("http://127.0.0.1:1/"))
        .request(RequestSpec.of("r", "GET", "/", List.of(), null))
        .phases(phases)
        .model(LoadModel.OPEN)
        .workers(workers)
        .connections(8)
        .timeoutNanos(SECOND)
        .build();
  }

  @Test
  void autoLeavesTheOpenModelToC1UpToItsRatePerWorker() {
    Compilers.Choice auto = Compilers.Choice.AUTO;
    assertTrue(Compilers.wantsC1Only(open(1, new RateProfile.Constant(10_000)), auto));
    assertTrue(Compilers.wantsC1Only(open(1, new RateProfile.Constant(50_000)), auto));
    assertFalse(Compilers.wantsC1Only(open(1, new RateProfile.Constant(50_001)), auto));
    // Per worker: 100,000 over two workers is 50,000 each.
    assertTrue(Compilers.wantsC1Only(open(2, new RateProfile.Constant(100_000)), auto));
    // The peak of any phase counts, a warm-up's and a ramp's top included.
    assertFalse(
        Compilers.wantsC1Only(
            open(1, new RateProfile.Constant(60_000), new RateProfile.Constant(1_000)), auto));
    assertFalse(Compilers.wantsC1Only(open(1, new RateProfile.Ramp(1_000, 80_000)), auto));
    assertEquals(40_000, Compilers.peakRatePerWorker(open(2, new RateProfile.Ramp(0, 80_000))));
  }

  @Test
  void autoKeepsC2ForTheClosedModel() {
    RunSpec closed =
        open(1, new RateProfile.Constant(1_000)).toBuilder()
            .model(LoadModel.CLOSED)
            .phases(List.of(new Phase("steady", SECOND, null, false)))
            .build();
    assertFalse(Compilers.wantsC1Only(closed, Compilers.Choice.AUTO));
    assertTrue(Compilers.wantsC1Only(closed, Compilers.Choice.C1));
    assertFalse(
        Compilers.wantsC1Only(open(1, new RateProfile.Constant(10)), Compilers.Choice.TIERED));
  }

  @Test
  void aJvmTheHarnessDoesNotOwnKeepsItsCompilers() {
    // The test JVM runs the JVM's default; a run inside it asking for C1 changes nothing.
    assertEquals("tiered", Compilers.mode());
    assertEquals(
        "tiered", Compilers.use(open(1, new RateProfile.Constant(10)), Compilers.Choice.C1));
    assertEquals("tiered", Compilers.mode());
  }

  @Test
  void choicesAreNamedAsTheFlagSaysThem() {
    assertEquals(Compilers.Choice.C1, Compilers.Choice.of(" C1 "));
    assertEquals(Compilers.Choice.TIERED, Compilers.Choice.of("tiered"));
    assertNull(Compilers.Choice.of("c2"));
  }
}
