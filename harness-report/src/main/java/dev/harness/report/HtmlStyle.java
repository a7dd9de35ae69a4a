package dev.harness.report;

/** The styles and the self-check script inlined into {@code report.html}. */
final class HtmlStyle {
  private HtmlStyle() {}

  static final String CSS =
      """
      :root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --pass: #1b7f3b; --fail: #c62828;
        --warn: #a15c00; }
      * { box-sizing: border-box; }
      body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
        color: var(--fg); background: #f6f7f9; }
      main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
      h1 { font-size: 22px; margin: 4px 0 8px; word-break: break-all; }
      h2 { font-size: 17px; margin: 0 0 8px; }
      header, section, figure { background: #fff; border: 1px solid var(--line); border-radius: 8px;
        padding: 14px 18px; margin: 0 0 16px; }
      figure section, section figure { border: 0; padding: 0; margin: 0 0 12px; }
      .verdict { display: inline-block; padding: 2px 10px; border-radius: 6px; color: #fff;
        font-size: 18px; vertical-align: 2px; margin-right: 6px; }
      .verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); }
      .verdict.invalid, .verdict.interrupted { background: var(--warn); }
      .reason { color: var(--fail); margin: 0 0 8px; font-weight: 600; }
      table { border-collapse: collapse; }
      .meta th { text-align: left; color: var(--muted); font-weight: 500; padding: 1px 16px 1px 0;
        vertical-align: top; }
      .meta td { padding: 1px 0; }
      code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        background: #f0f2f5; padding: 1px 4px; border-radius: 4px; word-break: break-all; }
      .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr));
        gap: 10px; background: none; border: 0; padding: 0; }
      .card { background: #fff; border: 1px solid var(--line); border-radius: 8px;
        padding: 10px 12px; }
      .card .name { color: var(--muted); font-size: 12px; text-transform: uppercase;
        letter-spacing: .04em; }
      .card .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
      .card .note { color: var(--muted); font-size: 12px; }
      table.data { width: 100%; margin: 4px 0; }
      table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 5px 10px;
        text-align: left; }
      table.num td, table.num tr:first-child th + th { text-align: right;
        font-variant-numeric: tabular-nums; }
      table.num tr:first-child th:not(:first-child) { text-align: right; }
      table.data tr:first-child th { color: var(--muted); font-weight: 500; }
      .pill { display: inline-block; padding: 0 8px; border-radius: 10px; color: #fff;
        font-size: 12px; font-weight: 600; }
      .pill.pass { background: var(--pass); } .pill.fail { background: var(--fail); }
      td.bad { color: var(--fail); font-weight: 600; }
      .caption, figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
      .warning { color: var(--warn); font-weight: 600; }
      .health.green { color: var(--pass); } .health.yellow { color: var(--warn); }
      .health.red { color: var(--fail); }
      """
          + SvgChart.CSS
          + """
      footer { color: var(--muted); font-size: 12px; text-align: center; }
      """;

  /**
   * Marks each plot with the number of data elements the browser actually laid out, so the report's
   * own browser test can tell a drawn plot from an empty frame. Harmless to readers.
   */
  static final String SELF_CHECK =
      """
      document.querySelectorAll('svg[data-plot]').forEach(function (svg) {
        var drawn = 0;
        svg.querySelectorAll('.series').forEach(function (e) {
          var b = e.getBBox();
          if (b.width > 0 || b.height > 0) { drawn++; }
        });
        svg.setAttribute('data-drawn', String(drawn));
      });
      document.body.setAttribute('data-checked', 'yes');
      """;
}
