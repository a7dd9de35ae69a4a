package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads result.json's {@code protocolErrors} and {@code requestErrors} back. Stateless. */
final class ErrorReasonList {
  private ErrorReasonList() {}

  /** {@code protocolErrors} then {@code requestErrors}; absent in results of older versions. */
  static List<RunReport.ErrorReason> read(JsonNode root) {
    List<RunReport.ErrorReason> all = new ArrayList<>();
    for (String[] kind :
        new String[][] {{"protocolErrors", "protocol_error"}, {"requestErrors", "request_error"}}) {
      if (!root.has(kind[0])) {
        continue;
      }
      JsonNode list = Json.array(root, kind[0], "");
      for (int i = 0; i < list.size(); i++) {
        String at = kind[0] + "[" + i + "]";
        all.add(
            new RunReport.ErrorReason(
                kind[1],
                Json.text(list.get(i), "reason", at),
                Json.count(list.get(i), "count", at)));
      }
    }
    return all;
  }
}
