package dev.harness.report;

import dev.harness.engine.result.Outcome;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page per run, viewable without network: the styles, the
 * plots (inline SVG) and a tiny self-check script are all in the file. Plots ({@link HtmlPlots},
 * {@link HtmlDistribution}): offered against achieved rate, response-time percentiles per second,
 * the percentile distribution on a 1/(1-q) axis, errors per second by outcome, each request name's
 * p99 per second; phases are shaded, fault windows drawn over them. Tables ({@link HtmlTables}):
 * key figures, criteria, phases, outcomes, generator health, and the run's metadata. The sections
 * come from the same {@link RunView} the text, Markdown and JUnit reports render.
 *
 * <p>Stateless and thread-safe. The output depends on the report only (no clock, no locale), so
 * re-rendering saved files gives the same bytes.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(RunReport r) {
    return render(r, null);
  }

  /** The page; {@code comparison} (may be null) adds a section comparing with a baseline. */
  public static String render(RunReport r, Comparison comparison) {
    RunView v = RunView.of(r);
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>harness ")
        .append(esc(v.headline().verdict()))
        .append(" - ")
        .append(esc(v.headline().title()))
        .append("</title>\n<style>\n")
        .append(HtmlStyle.CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    header(r, v.headline(), h);
    figures(r, h);
    HtmlTables.criteria(v.criteria(), h);
    FailedChecks.html(r.checkFailures(), h);
    ErrorReasonList.html(r.errorReasons(), h);
    HtmlPlots.ratePlot(r, h);
    HtmlPlots.latencyPlot(r, h);
    HtmlDistribution.distribution(r, v.percentiles(), h);
    HtmlPlots.errorsPlot(r, h);
    if (comparison != null) {
      HtmlTables.comparison(comparison, h);
    }
    HtmlTables.resilience(v.faults(), h);
    HtmlTables.phases(v.phases(), h);
    HtmlTables.byName(v.byName(), h);
    HtmlPlots.nameLatencyPlot(r, v.byName(), h);
    HtmlTables.outcomes(r, h);
    HtmlTables.generator(r, v.restarts(), h);
    HtmlPlots.probePlot(r, h);
    HtmlTables.probe(r, h);
    TargetPlot.plots(r, h);
    HtmlTables.connections(r, h);
    h.append("<footer>Rendered by harness from result.json")
        .append(r.responseHistogram() != null ? " and latency.hlog" : "")
        .append(". Latency is measured from each request's intended start.</footer>\n");
    h.append("</main>\n<script>\n")
        .append(HtmlStyle.SELF_CHECK)
        .append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(RunReport r, RunView.Headline headline, StringBuilder h) {
    h.append("<header>\n<h1><span class=\"verdict ")
        .append(esc(headline.verdict().toLowerCase(Locale.ROOT)))
        .append("\">")
        .append(esc(headline.verdict()))
        .append("</span> ")
        .append(esc(headline.title()))
        .append("</h1>\n");
    if (headline.reason() != null) {
      h.append("<p class=\"reason\">").append(esc(headline.reason())).append("</p>\n");
    }
    RunInfo info = r.run();
    RunReport.Config c = r.config();
    h.append("<table class=\"meta\">\n");
    RunMeta.started(h, r.startedAt());
    if (!headline.title().endsWith(r.target())) {
      meta(h, "target", r.target()); // a scenario's name is the title: say what it loaded
    }
    meta(
        h,
        "duration",
        Format.seconds(r.measured().seconds())
            + " measured"
            + (r.warmupSeconds() > 0
                ? " after " + Format.seconds(r.warmupSeconds()) + " warm-up"
                : ", no warm-up"));
    meta(
        h,
        "load",
        String.format(
            Locale.ROOT,
            "%s model, %d workers, %d connections, timeout %s",
            c.model(),
            c.workers(),
            c.connections(),
            Format.seconds(c.timeoutMs() / 1e3)));
    if (r.http2() != null) {
      meta(h, "http2", r.http2().describe());
    }
    WebSocketBlock.rowsOf(r).forEach(row -> meta(h, row[0], row[1]));
    RunMeta.origin(h, info);
    h.append("</table>\n</header>\n");
  }

  private static void meta(StringBuilder h, String key, String value) {
    RunMeta.row(h, key, value);
  }

  /** The few numbers a reader looks for first. */
  private static void figures(RunReport r, StringBuilder h) {
    RunReport.Window m = r.measured();
    h.append("<section class=\"cards\" id=\"figures\">\n");
    card(h, "requests", Long.toString(m.requests()), "measured");
    if (r.open()) {
      card(h, "offered", Format.rate(m.offeredRate()), "arrivals per second");
    }
    card(h, "achieved", Format.rate(m.achievedRate()), "answers per second");
    card(
        h,
        "errors",
        Long.toString(m.errors()),
        Format.percent(m.errorRate() / 100) + " of requests");
    card(h, "p50", Format.duration(m.response().p50()), "response time");
    card(h, "p99", Format.duration(m.response().p99()), "response time");
    card(h, "p99.9", Format.duration(m.response().p999()), "response time");
    card(h, "max", Format.duration(m.response().max()), "response time");
    h.append("</section>\n");
  }

  private static void card(StringBuilder h, String name, String value, String note) {
    h.append("<div class=\"card\" data-figure=\"")
        .append(esc(name))
        .append("\"><div class=\"name\">")
        .append(esc(name))
        .append("</div><div class=\"value\">")
        .append(esc(value))
        .append("</div><div class=\"note\">")
        .append(esc(note))
        .append("</div></div>\n");
  }

  /** Labels of error outcomes; a label this version does not know counts as an error. */
  static boolean isError(String label) {
    for (Outcome o : Outcome.values()) {
      if (o.label().equals(label)) {
        return o.isError();
      }
    }
    return true;
  }

  private static String esc(String s) {
    return Xml.escape(s);
  }
}
