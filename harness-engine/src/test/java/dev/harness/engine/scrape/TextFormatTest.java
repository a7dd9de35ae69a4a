package dev.harness.engine.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFormatTest {
  /** The example of the Prometheus documentation's text format page, as promtool reads it. */
  static final String DOCS_EXAMPLE =
      """
      # HELP http_requests_total The total number of HTTP requests.
      # TYPE http_requests_total counter
      http_requests_total{method="post",code="200"} 1027 1395066363000
      http_requests_total{method="post",code="400"}    3 1395066363000

      # Escaping in label values:
      msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

      # Minimalistic line:
      metric_without_timestamp_and_labels 12.47

      # A weird metric from before the epoch:
      something_weird{problem="division by zero"} +Inf -3982045

      # A histogram, which has a pretty complex representation in the text format:
      # HELP http_request_duration_seconds A histogram of the request duration.
      # TYPE http_request_duration_seconds histogram
      http_request_duration_seconds_bucket{le="0.05"} 24054
      http_request_duration_seconds_bucket{le="0.1"} 33444
      http_request_duration_seconds_bucket{le="0.2"} 100392
      http_request_duration_seconds_bucket{le="0.5"} 129389
      http_request_duration_seconds_bucket{le="1"} 133988
      http_request_duration_seconds_bucket{le="+Inf"} 144320
      http_request_duration_seconds_sum 53423
      http_request_duration_seconds_count 144320

      # Finally a summary, which has a complex representation, too:
      # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
      # TYPE rpc_duration_seconds summary
      rpc_duration_seconds{quantile="0.01"} 3102
      rpc_duration_seconds{quantile="0.05"} 3272
      rpc_duration_seconds{quantile="0.5"} 4773
      rpc_duration_seconds{quantile="0.9"} 9001
      rpc_duration_seconds{quantile="0.99"} 76656
      rpc_duration_seconds_sum 1.7560473e+07
      rpc_duration_seconds_count 2693
      """;

  /** What a Go service's client_golang exposes, CRLF line ends and a trailing label comma too. */
  static final String GO_PROCESS =
      "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\r\n"
          + "# TYPE process_cpu_seconds_total counter\r\n"
          + "process_cpu_seconds_total 12.34\r\n"
          + "# HELP process_resident_memory_bytes Resident memory size in bytes.\r\n"
          + "# TYPE process_resident_memory_bytes gauge\r\n"
          + "process_resident_memory_bytes 2.4576e+07\r\n"
          + "go_memstats_alloc_bytes{kind=\"heap\",} 1.5e6\r\n";

  @Test
  void readsEverySampleOfTheDocumentationExample() throws Exception {
    List<TextFormat.Sample> samples = TextFormat.parse(DOCS_EXAMPLE);
    assertEquals(20, samples.size(), samples.toString());
    TextFormat.Sample first = samples.get(0);
    assertEquals("http_requests_total", first.name());
    assertEquals(Map.of("method", "post", "code", "200"), first.labels());
    assertEquals(1027, first.value());
    assertEquals(1030, TextFormat.value(samples, "http_requests_total"), "summed over labels");
    TextFormat.Sample escaped = samples.get(2);
    assertEquals("C:\\DIR\\FILE.TXT", escaped.labels().get("path"));
    assertEquals("Cannot find file:\n\"FILE.TXT\"", escaped.labels().get("error"));
    assertEquals(1.458255915e9, escaped.value());
    assertEquals(12.47, TextFormat.value(samples, "metric_without_timestamp_and_labels"));
    assertEquals(Double.POSITIVE_INFINITY, TextFormat.value(samples, "something_weird"));
    assertEquals(1.7560473e7, TextFormat.value(samples, "rpc_duration_seconds_sum"));
    assertTrue(Double.isNaN(TextFormat.value(samples, "not_there")), "a missing series is NaN");
  }

  @Test
  void readsAGoServicesProcessMetrics() throws Exception {
    List<TextFormat.Sample> samples = TextFormat.parse(GO_PROCESS);
    assertEquals(12.34, TextFormat.value(samples, "process_cpu_seconds_total"));
    assertEquals(2.4576e7, TextFormat.value(samples, "process_resident_memory_bytes"));
    assertEquals(1.5e6, TextFormat.value(samples, "go_memstats_alloc_bytes"));
  }

  @Test
  void readsNanAndNegativeInfinity() throws Exception {
    List<TextFormat.Sample> s = TextFormat.parse("a NaN\nb -Inf\nc{x=\"}\"} -0.5e-3\n");
    assertTrue(Double.isNaN(s.get(0).value()));
    assertEquals(Double.NEGATIVE_INFINITY, s.get(1).value());
    assertEquals("}", s.get(2).labels().get("x"), "a brace inside a quoted value is text");
    assertEquals(-0.0005, s.get(2).value());
  }

  @Test
  void refusesWhatIsNotTheFormatNamingTheLine() {
    for (String[] bad :
        new String[][] {
          {"ok 1\n<html>\n", "line 2: expected a metric name"},
          {"a{x=\"y\" 1\n", "line 1: expected ',' or '}' in the labels"},
          {"a{x=\"y} 1\n", "line 1: a label value is not closed"},
          {"a{x=y} 1\n", "line 1: expected '\"'"},
          {"a 1 2 3\n", "line 1: unexpected text after the value"},
          {"a one\n", "line 1: value 'one' is not a number"},
          {"a\n", "line 1: expected a value after 'a'"},
          {"a 1 12.5\n", "line 1: timestamp '12.5' is not an integer"},
          {"a{x=\"\\t\"} 1\n", "line 1: unknown escape"},
          {"{x=\"y\"} 1\n", "line 1: expected a metric name"}
        }) {
      TextFormat.ParseException e =
          assertThrows(TextFormat.ParseException.class, () -> TextFormat.parse(bad[0]), bad[0]);
      assertTrue(
          e.getMessage().startsWith(bad[1]),
          "for " + bad[0].strip() + " expected '" + bad[1] + "', got: " + e.getMessage());
    }
  }
}
