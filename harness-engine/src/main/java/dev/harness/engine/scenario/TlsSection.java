package dev.harness.engine.scenario;

import dev.harness.engine.model.TlsSpec;
import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code tls:} block: {@code ca} (a PEM file or a list of them), {@code insecure}, {@code
 * clientCert} with {@code clientKey}, {@code versions} (a list, or {@code TLSv1.2,TLSv1.3}), {@code
 * provider} ({@code auto}, {@code openssl}, {@code jdk}). File paths are relative to the scenario
 * file's folder. Each setting is checked as it is read, so the first wrong one is named.
 */
final class TlsSection {
  private static final Set<String> TLS =
      Set.of("ca", "insecure", "clientCert", "clientKey", "versions", "provider");

  private TlsSection() {}

  static TlsSpec tls(ScenarioFile in, Node node) {
    if (node == null) {
      return TlsSpec.DEFAULT;
    }
    Map<String, Node> t = node.fields(TLS);
    List<Path> ca = new ArrayList<>();
    if (t.containsKey("ca")) {
      for (Node n : t.get("ca").items(true)) {
        ca.add(in.resolve(n));
      }
    }
    boolean insecure = t.containsKey("insecure") && t.get("insecure").bool();
    Path cert = t.containsKey("clientCert") ? in.resolve(t.get("clientCert")) : null;
    Path key = t.containsKey("clientKey") ? in.resolve(t.get("clientKey")) : null;
    List<String> versions = List.of();
    if (t.containsKey("versions")) {
      Node v = t.get("versions");
      try {
        List<String> texts = new ArrayList<>();
        for (Node item : v.items(true)) {
          texts.add(item.text());
        }
        versions = TlsSpec.parseVersions(String.join(",", texts));
      } catch (InvalidInputException e) {
        throw v.error(e);
      }
    }
    TlsSpec.Provider provider = TlsSpec.Provider.AUTO;
    if (t.containsKey("provider")) {
      try {
        provider = TlsSpec.Provider.parse(t.get("provider").text());
      } catch (InvalidInputException e) {
        throw t.get("provider").error(e);
      }
    }
    try {
      return new TlsSpec(ca, insecure, cert, key, versions, provider, List.of());
    } catch (InvalidInputException e) {
      throw node.error(e);
    }
  }
}
