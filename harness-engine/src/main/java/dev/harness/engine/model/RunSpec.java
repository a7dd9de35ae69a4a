package dev.harness.engine.model;

import dev.harness.engine.time.Durations;
import dev.harness.engine.time.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything a run needs, immutable and validated: the one model that both CLI flags and scenario
 * files become. Made with {@link #builder()}; a changed copy with {@link #toBuilder()}, which
 * starts from every field of this run so a copy cannot drop one. The compact constructor is the one
 * place a run is validated.
 *
 * @param target server the load goes to
 * @param flows what arrivals do: a weighted mix of flows, each one or more steps (a single request
 *     is a flow of one step)
 * @param phases phases in order; warm-up phases first
 * @param model open (rate-driven) or closed (connection-driven)
 * @param workers event loops, each with its own connections and recorders
 * @param connections maximum connections in total, spread over the workers
 * @param timeoutNanos per-request timeout, from the moment the request is written
 * @param criteria success criteria, judged on the non-warm-up phases
 * @param resilience fault timeline, SLO and abort conditions; {@link ResilienceSpec#NONE} for none
 * @param probe the health probe polled during the run, or null for none
 * @param tickNanos open model: a worker wakes for arrivals at most once per tick; arrivals due in
 *     between are sent together at the next wake, and that wait is part of their latency. 0 wakes
 *     for every arrival. Batching the sends is what keeps the generator's CPU per request low at
 *     high rates (each wake and each idle target woken costs more than the request).
 * @param okStatus statuses that are not errors ({@code --ok-status}); a step's own {@code expect}
 *     replaces it for that step. {@link StatusSet#DEFAULT} (2xx and 3xx) when not given
 * @param tls how an {@code https://} target is spoken to; {@link TlsSpec#DEFAULT} when not given
 * @param maxRequestsPerConnection a connection is closed after this many answers and a new one
 *     opened (to load the handshake); 0 for no limit
 * @param protocol HTTP/1.1, h2c (prior knowledge) or h2 (TLS with ALPN)
 * @param maxStreams HTTP/2: streams in flight per connection at most, also capped by the target's
 *     SETTINGS_MAX_CONCURRENT_STREAMS; ignored for HTTP/1.1. WebSocket: messages in flight per
 *     socket at most
 * @param arrivalLimit the run ends after this many measured (non-warm-up) arrivals, or at the
 *     phases' end if that comes first ({@code harness run -n}); 0 for no limit
 * @param targetMetrics the target's own Prometheus metrics scraped during the run, or null for none
 * @param shard this process's part of a test spread over several ({@code --shard K/N}), or null for
 *     the whole test
 * @param websocket the messages of a {@link Protocol#WEBSOCKET} run; null for HTTP runs
 * @param headerTableSize HTTP/2: SETTINGS_HEADER_TABLE_SIZE sent in the client's first SETTINGS (0:
 *     the server should not index its answers' headers in HPACK's dynamic table); {@link
 *     #NO_HEADER_TABLE_SIZE} sends none (HTTP/2's 4096 holds)
 */
public record RunSpec(
    Target target,
    List<Flow> flows,
    List<Phase> phases,
    LoadModel model,
    int workers,
    int connections,
    long timeoutNanos,
    List<Criterion> criteria,
    ResilienceSpec resilience,
    ProbeSpec probe,
    long tickNanos,
    StatusSet okStatus,
    TlsSpec tls,
    int maxRequestsPerConnection,
    Protocol protocol,
    int maxStreams,
    long arrivalLimit,
    TargetMetricsSpec targetMetrics,
    Shard shard,
    WebSocketSpec websocket,
    long headerTableSize) {

  /** The default {@link #tickNanos}: 0.5 ms, half of wrk2's 1 ms timer resolution. */
  public static final long DEFAULT_TICK_NANOS = 500_000L;

  /** Longest tick accepted: beyond it the batching lag would swamp the latencies measured. */
  public static final long MAX_TICK_NANOS = 10_000_000L;

  /** Default {@link #maxStreams}, as h2load's {@code -m} is often set and nginx allows 128. */
  public static final int DEFAULT_MAX_STREAMS = 100;

  /** {@link #headerTableSize} when none is sent; the largest that can be is 2^32-1. */
  public static final long NO_HEADER_TABLE_SIZE = -1;

  public static final long MAX_HEADER_TABLE_SIZE = 0xFFFF_FFFFL;

  /**
   * The highest rate one worker may be asked for, per second. A sanity ceiling, not a promise: one
   * event loop sends far less, and even schedules at most some tens of millions per second; a rate
   * beyond it (1e12) is a typo or a unit mistake, refused before anything starts. (A rate the
   * worker cannot keep up with is measured and judged: the generator was the limit.)
   */
  public static final double MAX_RATE_PER_WORKER = 100_000_000;

  public RunSpec {
    if (resilience == null) {
      resilience = ResilienceSpec.NONE;
    }
    if (okStatus == null) {
      okStatus = StatusSet.DEFAULT;
    }
    if (tls == null) {
      tls = TlsSpec.DEFAULT;
    }
    if (maxRequestsPerConnection < 0) {
      throw new InvalidInputException(
          "max requests per connection must be 0 (no limit) or more, got "
              + maxRequestsPerConnection);
    }
    if (protocol == null) {
      protocol = Protocol.HTTP1;
    }
    if (maxStreams < 1) {
      throw new InvalidInputException("max-streams must be at least 1, got " + maxStreams);
    }
    if (headerTableSize < NO_HEADER_TABLE_SIZE || headerTableSize > MAX_HEADER_TABLE_SIZE) {
      throw new InvalidInputException(
          "h2-header-table-size must be 0 to 4294967295, got " + headerTableSize);
    }
    if (arrivalLimit < 0) {
      throw new InvalidInputException(
          "the arrival limit must be 0 (none) or more, got " + arrivalLimit);
    }
    if (protocol == Protocol.WEBSOCKET && websocket == null) {
      websocket = WebSocketSpec.ECHO;
    }
    if (websocket != null && websocket.rooms() > 0 && workers >= 1) {
      int rooms = websocket.rooms();
      if (connections % rooms != 0 || connections / rooms < 2 || rooms % workers != 0) {
        throw new InvalidInputException(
            "chat: "
                + connections
                + " sockets do not make "
                + rooms
                + " rooms of 2 or more users each, spread evenly over "
                + workers
                + " workers (-c must be rooms x users, rooms a multiple of the workers)");
      }
    }
    if (target == null) {
      throw new InvalidInputException("target is missing");
    }
    if (model == null) {
      throw new InvalidInputException("load model is missing");
    }
    flows = List.copyOf(flows);
    phases = List.copyOf(phases);
    criteria = List.copyOf(criteria);
    if (flows.isEmpty()) {
      throw new InvalidInputException("no request to send");
    }
    long weights = flows.stream().mapToLong(Flow::weight).sum();
    if (weights > 10_000) {
      throw new InvalidInputException("weights add up to " + weights + "; keep them under 10000");
    }
    Set<String> seen = new HashSet<>();
    for (Flow f : flows) {
      for (Step st : f.steps()) {
        if (!seen.add(st.name())) {
          throw new InvalidInputException(
              "request name '" + st.name() + "' is used twice; names must be unique");
        }
      }
    }
    CriterionNames.check(flows, criteria, resilience);
    if (phases.isEmpty()) {
      throw new InvalidInputException("no phase to run");
    }
    if (phases.stream().allMatch(Phase::warmup)) {
      throw new InvalidInputException("every phase is a warm-up: nothing would be measured");
    }
    if (model == LoadModel.OPEN) {
      for (Phase p : phases) {
        if (p.rate() == null) {
          throw new InvalidInputException(
              "phase " + p.name() + ": a rate is required in the open model");
        }
      }
    }
    if (workers < 1) {
      throw new InvalidInputException("workers must be at least 1, got " + workers);
    }
    for (Phase p : phases) {
      if (p.rate() != null && p.rate().peakRate() > MAX_RATE_PER_WORKER * workers) {
        throw new InvalidInputException(rateCeilingProblem(p, workers));
      }
    }
    if (connections < 1) {
      throw new InvalidInputException("connections must be at least 1, got " + connections);
    }
    if (connections < workers) {
      throw new InvalidInputException(
          "connections (" + connections + ") must be at least workers (" + workers + ")");
    }
    if (timeoutNanos <= 0) {
      throw new InvalidInputException("timeout must be positive");
    }
    String tickProblem = tickProblem(tickNanos);
    if (tickProblem != null) {
      throw new InvalidInputException("tick " + tickProblem);
    }
    if (protocol == Protocol.H2 && !target.url().startsWith("https://")) {
      throw new InvalidInputException(
          "HTTP/2 negotiated by ALPN needs an https:// target; use h2c (--h2c) for HTTP/2 over"
              + " cleartext with prior knowledge");
    }
    SocketStep.checkRun(flows, model, protocol);
    long length = phases.stream().mapToLong(Phase::durationNanos).sum();
    for (FaultWindow w : resilience.faults()) {
      if (w.atNanos() >= length) {
        throw new InvalidInputException(
            "fault '"
                + w.text()
                + "' starts after the run ends ("
                + Durations.format(length)
                + ", warm-up included)");
      }
    }
  }

  private static String rateCeilingProblem(Phase p, int workers) {
    return String.format(
        Locale.ROOT,
        "phase %s: rate %.0f/s is above the limit of %.0f/s per worker (%d worker%s);"
            + " use more workers or shards",
        p.name(),
        p.rate().peakRate(),
        MAX_RATE_PER_WORKER,
        workers,
        workers == 1 ? "" : "s");
  }

  /**
   * What is wrong with a tick, to follow the name it was given under ("tick", "--tick"), or null
   * when it is within 0 and {@link #MAX_TICK_NANOS}.
   */
  public static String tickProblem(long tickNanos) {
    if (tickNanos >= 0 && tickNanos <= MAX_TICK_NANOS) {
      return null;
    }
    return "must be between 0 and "
        + Durations.format(MAX_TICK_NANOS)
        + ", got "
        + Durations.format(tickNanos);
  }

  /** Scheduled length of the warm-up phases at the start of the run. */
  public long warmupNanos() {
    long n = 0;
    for (Phase p : phases) {
      if (!p.warmup()) {
        break;
      }
      n += p.durationNanos();
    }
    return n;
  }

  /** Every request name (each step of each flow), in declaration order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (Flow f : flows) {
      for (Step st : f.steps()) {
        names.add(st.name());
      }
    }
    return names;
  }

  /** Total scheduled length of the run, warm-up included. */
  public long durationNanos() {
    return phases.stream().mapToLong(Phase::durationNanos).sum();
  }

  /** The target's URL as the user wrote it: {@code ws://} or {@code wss://} for a WebSocket run. */
  public String url() {
    return protocol == Protocol.WEBSOCKET ? target.webSocketUrl() : target.url();
  }

  /** Connections worker {@code w} may open: the total spread as evenly as possible. */
  public int connectionsOf(int w) {
    return connections / workers + (w < connections % workers ? 1 : 0);
  }

  /**
   * A builder with no target, flow or phase yet, no criteria, {@link ResilienceSpec#NONE}, no probe
   * and the {@link #DEFAULT_TICK_NANOS default tick}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this run, to change some and {@link Builder#build()}. */
  public Builder toBuilder() {
    return new Builder()
        .target(target)
        .flows(flows)
        .phases(phases)
        .model(model)
        .workers(workers)
        .connections(connections)
        .timeoutNanos(timeoutNanos)
        .criteria(criteria)
        .resilience(resilience)
        .probe(probe)
        .tickNanos(tickNanos)
        .okStatus(okStatus)
        .tls(tls)
        .maxRequestsPerConnection(maxRequestsPerConnection)
        .protocol(protocol)
        .maxStreams(maxStreams)
        .arrivalLimit(arrivalLimit)
        .targetMetrics(targetMetrics)
        .shard(shard)
        .websocket(websocket)
        .headerTableSize(headerTableSize);
  }

  /** Collects the fields of a {@link RunSpec}; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private Target target;
    private List<Flow> flows = List.of();
    private List<Phase> phases = List.of();
    private LoadModel model;
    private int workers;
    private int connections;
    private long timeoutNanos;
    private List<Criterion> criteria = List.of();
    private ResilienceSpec resilience = ResilienceSpec.NONE;
    private ProbeSpec probe;
    private long tickNanos = DEFAULT_TICK_NANOS;
    private StatusSet okStatus = StatusSet.DEFAULT;
    private TlsSpec tls = TlsSpec.DEFAULT;
    private int maxRequestsPerConnection;
    private Protocol protocol = Protocol.HTTP1;
    private int maxStreams = DEFAULT_MAX_STREAMS;
    private long arrivalLimit;
    private TargetMetricsSpec targetMetrics;
    private Shard shard;
    private WebSocketSpec websocket;
    private long headerTableSize = NO_HEADER_TABLE_SIZE;

    private Builder() {}

    public Builder target(Target target) {
      this.target = target;
      return this;
    }

    public Builder flows(List<Flow> flows) {
      this.flows = flows;
      return this;
    }

    /** One flow of one request sent as it is, as the command line gives it. */
    public Builder request(RequestSpec request) {
      return flows(List.of(Flow.single(request)));
    }

    public Builder phases(List<Phase> phases) {
      this.phases = phases;
      return this;
    }

    public Builder model(LoadModel model) {
      this.model = model;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder connections(int connections) {
      this.connections = connections;
      return this;
    }

    public Builder timeoutNanos(long timeoutNanos) {
      this.timeoutNanos = timeoutNanos;
      return this;
    }

    public Builder criteria(List<Criterion> criteria) {
      this.criteria = criteria;
      return this;
    }

    public Builder resilience(ResilienceSpec resilience) {
      this.resilience = resilience;
      return this;
    }

    /** The health probe, or {@code null} for none. */
    public Builder probe(ProbeSpec probe) {
      this.probe = probe;
      return this;
    }

    public Builder tickNanos(long tickNanos) {
      this.tickNanos = tickNanos;
      return this;
    }

    /** Statuses that are not errors; null for {@link StatusSet#DEFAULT}. */
    public Builder okStatus(StatusSet okStatus) {
      this.okStatus = okStatus;
      return this;
    }

    /** How an {@code https://} target is spoken to; null for {@link TlsSpec#DEFAULT}. */
    public Builder tls(TlsSpec tls) {
      this.tls = tls;
      return this;
    }

    /** Answers after which a connection is replaced; 0 for no limit. */
    public Builder maxRequestsPerConnection(int maxRequestsPerConnection) {
      this.maxRequestsPerConnection = maxRequestsPerConnection;
      return this;
    }

    public Builder protocol(Protocol protocol) {
      this.protocol = protocol;
      return this;
    }

    public Builder maxStreams(int maxStreams) {
      this.maxStreams = maxStreams;
      return this;
    }

    /** Measured arrivals after which the run ends; 0 for no limit. */
    public Builder arrivalLimit(long arrivalLimit) {
      this.arrivalLimit = arrivalLimit;
      return this;
    }

    /** The target's own metrics to scrape, or {@code null} for none. */
    public Builder targetMetrics(TargetMetricsSpec targetMetrics) {
      this.targetMetrics = targetMetrics;
      return this;
    }

    /** This process's part of a sharded test, or null for the whole test. */
    public Builder shard(Shard shard) {
      this.shard = shard;
      return this;
    }

    /** The messages of a WebSocket run; null for HTTP runs. */
    public Builder websocket(WebSocketSpec websocket) {
      this.websocket = websocket;
      return this;
    }

    /** HTTP/2's SETTINGS_HEADER_TABLE_SIZE to send; {@link #NO_HEADER_TABLE_SIZE} for none. */
    public Builder headerTableSize(long headerTableSize) {
      this.headerTableSize = headerTableSize;
      return this;
    }

    /**
     * The run, validated.
     *
     * @throws InvalidInputException naming what is wrong, in one line
     */
    public RunSpec build() {
      return new RunSpec(
          target,
          flows,
          phases,
          model,
          workers,
          connections,
          timeoutNanos,
          criteria,
          resilience,
          probe,
          tickNanos,
          okStatus,
          tls,
          maxRequestsPerConnection,
          protocol,
          maxStreams,
          arrivalLimit,
          targetMetrics,
          shard,
          websocket,
          headerTableSize);
    }
  }
}
