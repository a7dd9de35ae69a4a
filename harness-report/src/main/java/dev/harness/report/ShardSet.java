package dev.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harness.engine.time.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The shard folders given to {@code harness merge}, checked to be one whole test: every one a
 * shard's finished result, all of one test (scenario hash, shard count, start instant), each index
 * from 0 to N-1 once. What fails a check is a {@link Problem} naming the shard; the shards that
 * pass are the ones a merge may add up.
 */
public final class ShardSet {
  /** A shard that cannot be counted, and why, in one line. */
  public record Problem(int index, String text) {}

  /** One shard's result folder. */
  record Shard(Path dir, JsonNode root, int index, int count, String hash, String startAt) {
    String verdict() {
      return root.path("verdict").asText();
    }

    String name() {
      return "shard " + index + " (" + dir + ")";
    }
  }

  private final int count;
  private final List<Shard> usable;
  private final List<Problem> problems;

  private ShardSet(int count, List<Shard> usable, List<Problem> problems) {
    this.count = count;
    this.usable = usable;
    this.problems = problems;
  }

  /**
   * Reads and checks the folders.
   *
   * @throws InvalidInputException when not one of them holds a shard's result
   */
  public static ShardSet read(List<Path> dirs) {
    List<Problem> problems = new ArrayList<>();
    List<Shard> shards = new ArrayList<>();
    for (Path dir : dirs) {
      Path json = dir.resolve(ResultReader.RESULT_FILE);
      if (!Files.isRegularFile(json)) {
        problems.add(
            new Problem(-1, dir + ": no " + ResultReader.RESULT_FILE + " (the shard never ran?)"));
        continue;
      }
      JsonNode root = ResultReader.readJson(json);
      JsonNode s = ShardJson.of(root);
      if (s == null) {
        problems.add(new Problem(-1, dir + ": not a shard's result (run it with --shard K/N)"));
        continue;
      }
      shards.add(
          new Shard(
              dir,
              root,
              s.path("index").asInt(),
              s.path("count").asInt(),
              s.path("scenarioHash").asText(),
              s.path("startAt").asText(null)));
    }
    if (shards.isEmpty()) {
      throw new InvalidInputException(
          "no shard result to merge" + (problems.isEmpty() ? "" : ": " + problems.get(0).text()));
    }
    Shard ref = mostCommon(shards);
    int count = ref.count();
    Map<Integer, List<Shard>> byIndex = new TreeMap<>();
    for (Shard s : shards) {
      String other = otherTest(s, ref);
      if (other != null) {
        problems.add(new Problem(s.index(), s.name() + " belongs to another test: " + other));
      } else {
        byIndex.computeIfAbsent(s.index(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Shard> usable = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Shard> given = byIndex.getOrDefault(i, List.of());
      if (given.isEmpty()) {
        problems.add(new Problem(i, "shard " + i + " of " + count + " is missing"));
      } else if (given.size() > 1) {
        problems.add(
            new Problem(
                i,
                "shard "
                    + i
                    + " is given twice: "
                    + given.stream().map(s -> s.dir().toString()).toList()));
      } else {
        Shard s = given.get(0);
        String unfinished = unfinished(s);
        if (unfinished != null) {
          problems.add(new Problem(i, unfinished));
        } else {
          usable.add(s);
        }
      }
    }
    problems.sort(Comparator.comparingInt(Problem::index));
    return new ShardSet(count, usable, problems);
  }

  /** The test most folders belong to: its hash, count and start are the reference. */
  private static Shard mostCommon(List<Shard> shards) {
    Map<String, Integer> votes = new HashMap<>();
    Shard best = shards.get(0);
    int most = 0;
    for (Shard s : shards) {
      int v = votes.merge(s.hash() + "|" + s.count() + "|" + s.startAt(), 1, Integer::sum);
      if (v > most) {
        most = v;
        best = s;
      }
    }
    return best;
  }

  private static String otherTest(Shard s, Shard ref) {
    if (!s.hash().equals(ref.hash())) {
      return "scenario hash " + s.hash() + ", the others' " + ref.hash();
    }
    if (s.count() != ref.count()) {
      return s.count() + " shards, the others " + ref.count();
    }
    if (!java.util.Objects.equals(s.startAt(), ref.startAt())) {
      return "start " + s.startAt() + ", the others' " + ref.startAt();
    }
    return null;
  }

  private static String unfinished(Shard s) {
    String v = s.verdict();
    if (ResultReader.INCOMPLETE.equals(v)) {
      JsonNode cp = s.root().path("checkpoint");
      return s.name()
          + " did not finish: its result is a checkpoint"
          + (cp.has("atSeconds") ? " at " + cp.get("atSeconds").asText() + " s" : "")
          + " (killed, crashed, or still running)";
    }
    if (v.equals("interrupted") || v.equals("aborted")) {
      return s.name() + " did not finish: " + v + " (" + s.root().path("reason").asText() + ")";
    }
    return null;
  }

  /** Shards of the test. */
  public int count() {
    return count;
  }

  /** The shards that can be added up, by index. */
  List<Shard> usable() {
    return usable;
  }

  /** Indices of the usable shards. */
  public List<Integer> present() {
    return usable.stream().map(Shard::index).toList();
  }

  /** Indices of the test's shards that cannot be counted. */
  public TreeSet<Integer> absent() {
    TreeSet<Integer> a = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      a.add(i);
    }
    a.removeAll(present());
    return a;
  }

  /** Every problem found, by shard index (those of folders without one first). */
  public List<Problem> problems() {
    return problems;
  }

  /** The usable shards that are invalid, each as {@code shard K (DIR): REASON}. */
  public List<String> invalid() {
    return usable.stream()
        .filter(s -> s.verdict().equals("invalid"))
        .map(s -> s.name() + " is invalid: " + s.root().path("reason").asText())
        .toList();
  }
}
