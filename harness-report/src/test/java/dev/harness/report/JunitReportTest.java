package dev.harness.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.LoadModel;
import dev.harness.engine.result.Verdict;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JunitReportTest {

  @Test
  void oneTestCasePerCriterionFailingWithRequiredAndActual() throws Exception {
    RunReport r = RunReport.of(Results.realistic(), Results.info());
    Document doc = parse(JunitReport.render(r, null));

    NodeList cases = doc.getElementsByTagName("testcase");
    assertEquals(4, cases.getLength(), "run validity + 3 criteria");
    Element p99 = (Element) cases.item(1);
    assertEquals("p99 < 50ms", p99.getAttribute("name"));
    Element failure = (Element) p99.getElementsByTagName("failure").item(0);
    assertEquals(
        "required p99 < 50ms, actual " + r.criteria().get(0).actualText(),
        failure.getAttribute("message"));
    assertEquals(0, ((Element) cases.item(2)).getElementsByTagName("failure").getLength());
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertEquals("4", suite.getAttribute("tests"));
    assertEquals("1", suite.getAttribute("failures"));
    assertEquals("2025-03-01T12:00:00", suite.getAttribute("timestamp"));
    assertTrue(
        doc.getElementsByTagName("system-out").item(0).getTextContent().contains("verdict: FAIL"));
  }

  @Test
  void anInvalidRunIsAnErrorSoNoGreenBuildComesOfIt() throws Exception {
    RunReport r =
        RunReport.of(
            Results.result(
                LoadModel.OPEN,
                Results.steady(),
                Results.generator(300, 1000),
                Verdict.INVALID,
                "the generator fell behind <its schedule>"),
            null);
    Document doc = parse(JunitReport.render(r, null));

    Element error = (Element) doc.getElementsByTagName("error").item(0);
    assertEquals(
        "run invalid: the generator fell behind <its schedule>", error.getAttribute("message"));
    assertEquals(
        "1", ((Element) doc.getElementsByTagName("testsuites").item(0)).getAttribute("errors"));
  }

  @Test
  void baselineBoundsAreTestCasesToo() throws Exception {
    RunReport r = RunReport.of(Results.realistic(), null);
    Comparison c =
        Comparison.of(
            r, r, List.of(RegressionBound.parse("p99=+50%"), RegressionBound.parse("rps=-10%")));
    Document doc = parse(JunitReport.render(r, c));

    NodeList cases = doc.getElementsByTagName("testcase");
    assertEquals(6, cases.getLength());
    assertEquals("p99 within +50% of the baseline", ((Element) cases.item(5)).getAttribute("name"));
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
