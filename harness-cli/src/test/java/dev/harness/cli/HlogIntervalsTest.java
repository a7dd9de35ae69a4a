package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.harness.engine.testkit.TargetExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** latency.hlog's per-second lines, read with HdrHistogram's own reader, against result.json. */
class HlogIntervalsTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @TempDir Path dir;

  @Test
  void everySecondOfTheHlogCountsWhatResultJsonsIntervalSays() throws Exception {
    // A few thousand answers a second: requests end while the sampler takes a second, which is
    // where the two used to part.
    Cli run =
        Cli.run(
            "run",
            target.url() + "/",
            "-R",
            "1500",
            "-d",
            "4s",
            "-c",
            "16",
            "-q",
            "--out",
            dir.toString());
    // On a busy machine the generator may fall behind (exit 3, invalid): the files agree all the
    // same.
    assertTrue(run.exitCode() == 0 || run.exitCode() == 3, run.toString());

    List<Long> hlog = new ArrayList<>();
    HistogramLogReader reader = new HistogramLogReader(dir.resolve("latency.hlog").toFile());
    EncodableHistogram h;
    while ((h = reader.nextIntervalHistogram()) != null) {
      if (h.getTag() == null) {
        hlog.add(((org.HdrHistogram.Histogram) h).getTotalCount());
      }
    }
    JsonNode intervals =
        new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("intervals");
    List<Long> json = new ArrayList<>();
    for (JsonNode i : intervals) {
      // What a second's histogram holds: answers (any status), timeouts and failed checks.
      json.add(
          i.get("responses").asLong()
              + i.path("outcomes").path("timeout").asLong()
              + i.path("outcomes").path("check").asLong());
    }
    assertTrue(json.size() >= 4, "intervals: " + json);
    assertEquals(json, hlog, "per-second counts: result.json intervals vs latency.hlog");
  }
}
