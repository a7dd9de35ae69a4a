package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What each format calls a run and how long its JUnit cases took, and what the distribution caption
 * says the response/service gap is.
 */
class TitlesAndTimesTest {
  private static final RunInfo SCENARIO =
      new RunInfo(
          "0.1.0-SNAPSHOT",
          "harness run scenarios/checkout.yaml",
          "checkout flow (scenarios/checkout.yaml)",
          "ci-runner-7",
          2,
          "Linux 6.1.0 amd64",
          "17.0.15 (Eclipse Adoptium)");
  private static final RunReport SCENARIO_RUN = RunReport.of(Results.realistic(), SCENARIO);
  private static final String TARGET = "http://127.0.0.1:18700/api/items";

  @Test
  void aScenarioRunIsTitledByTheScenariosNameInEveryFormat() throws Exception {
    String html = HtmlReport.render(SCENARIO_RUN);
    assertTrue(html.contains("<title>harness FAIL - checkout flow</title>"), "page title");
    assertTrue(html.contains("</span> checkout flow</h1>"), "heading: " + head(html));
    assertFalse(html.contains("GET " + TARGET), "no synthetic GET <target> title");
    assertTrue(html.contains("<th>target</th><td>" + TARGET + "</td>"), "the target still shows");

    String md = Markdown.render(SCENARIO_RUN, null);
    assertTrue(md.startsWith("## ❌ harness FAIL: `checkout flow`"), md.lines().findFirst().get());

    Document junit = xml(JunitReport.render(SCENARIO_RUN, null));
    Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
    assertEquals("harness checkout flow", suite.getAttribute("name"));

    RunReport flags = RunReport.of(Results.realistic(), Results.info());
    assertTrue(HtmlReport.render(flags).contains("</span> GET " + TARGET + "</h1>"), "flags");
  }

  @Test
  void junitCasesTakeTheTimeOfWhatTheyJudged() throws Exception {
    Document junit = xml(JunitReport.render(SCENARIO_RUN, null));
    NodeList cases = junit.getElementsByTagName("testcase");
    List<String> times = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      times.add(c.getAttribute("classname") + " " + c.getAttribute("time"));
    }
    // realistic(): 5 s warm-up then 15 s measured, judged by three criteria.
    assertEquals(
        List.of(
            "harness.run 20.000",
            "harness.criteria 15.000",
            "harness.criteria 15.000",
            "harness.criteria 15.000"),
        times);
    Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
    assertEquals("20.000", suite.getAttribute("time"), "the suite is the whole run");
  }

  @Test
  void theDistributionCaptionPutsTheGapBeforeTheSendNotOnTheTarget() {
    String html = HtmlReport.render(SCENARIO_RUN);
    String caption = HtmlDistribution.CAPTION;
    assertTrue(html.contains(Xml.escape(caption)), "the caption is on the page");
    assertFalse(
        caption.contains("the gap between them is time spent waiting for a connection"),
        "the old wording left out the generator's own delay");
    assertTrue(caption.contains("the generator's own delay"), caption);
    assertTrue(caption.contains("queueing for a free connection"), caption);
    assertTrue(caption.contains("not the target"), caption);
  }

  private static Document xml(String s) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static String head(String html) {
    int h1 = html.indexOf("<h1>");
    return h1 < 0 ? html.substring(0, 400) : html.substring(h1, Math.min(html.length(), h1 + 200));
  }
}
