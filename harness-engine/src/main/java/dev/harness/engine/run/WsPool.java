package dev.harness.engine.run;

import dev.harness.engine.model.RequestSpec;
import dev.harness.engine.model.RunSpec;
import dev.harness.engine.model.WebSocketSpec;
import dev.harness.engine.result.Outcome;
import dev.harness.engine.result.WebSocketStats;
import dev.harness.engine.tls.ClientTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The WebSocket {@link ConnectionPool}: {@code -c} sockets (this worker's share), each opened with
 * Netty's client handshaker (TCP, TLS for {@code wss://}, then the HTTP/1.1 upgrade) and kept open.
 * A socket carries as many messages in flight as {@code --max-streams} allows; {@link #poll} hands
 * out a slot of a socket that is open and writable, so a socket that cannot take more bytes delays
 * the message (and the delay is in its latency, from the intended send). A socket the target closes
 * fails its messages in flight as {@link Outcome#CLOSED}, its close code is counted, and it is
 * opened again at once so the offered rate is kept.
 *
 * <p>With a connect rate the sockets open one by one at that pace, during the run; otherwise all
 * open before time zero.
 *
 * <p>Thread contract: owned by one worker's event loop, like its sockets; only {@link #openAll},
 * {@link #lastConnectError} and (after the worker is done) {@link #websocket} may be called from
 * another thread.
 */
final class WsPool extends AbstractPool<WsSocket> {
  /**
   * Wait before opening again after a reopened socket failed to open, so a dead target is not spun
   * on.
   */
  private static final long RETRY_NANOS = 200_000_000L;

  /** Ramp sockets one tick of the connect rate opens at most. */
  private static final int MAX_OPENS_PER_TICK = 64;

  private final Bootstrap bootstrap;
  private final WebSocketSpec ws;
  private final String url;
  private final int maxInFlight;
  private final int workers;
  private final int index;
  private final long connectEveryNanos;
  private final Pattern staticPattern;

  /** Open sockets that can take a message, round robin. */
  private final ArrayDeque<WsSocket> ready = new ArrayDeque<>();

  private int open;
  private int started;
  private ScheduledFuture<?> opener;
  private long rampStart;
  private int ramped;
  private ScheduledFuture<?> sampler;
  private final Runnable openNext = this::openNext;
  private final Runnable retry = this::refill;

  /** What the sockets saw, for the run's WebSocketStats. */
  final WsTally tally = new WsTally();

  /** Chat rooms of this worker, or null for request and reply. */
  final FanOut fanOut;

  private long messages;

  /** The text of the message {@link #render} made last. */
  String lastText;

  WsPool(
      EventLoop loop,
      InetSocketAddress address,
      RunSpec spec,
      int index,
      int maxSockets,
      ClientTls tls,
      Owner owner) {
    // The sockets open and opening: a set that keeps them in opening order for the sweep.
    super(loop, address, maxSockets, owner, new LinkedHashSet<>());
    this.ws = spec.websocket();
    this.url = spec.target().webSocketUrl();
    this.maxInFlight = spec.maxStreams();
    this.workers = spec.workers();
    this.index = index;
    this.connectEveryNanos =
        ws.connectRate() > 0 ? (long) (1e9 * spec.workers() / ws.connectRate()) : 0;
    this.staticPattern =
        ws.expectRegex() && ws.expect().isStatic()
            ? Pattern.compile(ws.expect().render(null))
            : null;
    this.fanOut = ws.rooms() > 0 ? new FanOut(ws.rooms(), spec.workers(), index) : null;
    long timeoutMillis = ConnectionPool.connectTimeoutMillis(spec.timeoutNanos());
    String host = spec.target().host();
    // The run's request headers (-H, a step's headers) go with every upgrade: a token, a cookie.
    HttpHeaders headers = new DefaultHttpHeaders();
    for (RequestSpec.Header h : spec.flows().get(0).steps().get(0).request().headers()) {
      headers.add(h.name(), h.value());
    }
    WebSocketClientProtocolConfig.Builder config =
        WebSocketClientProtocolConfig.newBuilder()
            .customHeaders(headers)
            .version(WebSocketVersion.V13)
            .handleCloseFrames(false)
            .handshakeTimeoutMillis(timeoutMillis)
            .maxFramePayloadLength(1 << 20);
    WsPool self = this;
    this.bootstrap =
        ConnectionPool.bootstrap(loop, timeoutMillis)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    WsSocket s = ch.attr(WsPool.SOCKET).get();
                    s.channel = ch;
                    if (tls != null) {
                      ch.pipeline()
                          .addLast(
                              tls.newHandler(ch.alloc(), host, address.getPort(), timeoutMillis));
                    }
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(65_536))
                        .addLast(
                            new WebSocketClientProtocolHandler(config.webSocketUri(s.uri).build()))
                        // A message that comes in fragments is matched whole.
                        .addLast(new WebSocketFrameAggregator(1 << 20))
                        .addLast(s);
                  }
                });
  }

  /** The socket a channel being opened belongs to, for its initializer. */
  static final AttributeKey<WsSocket> SOCKET = AttributeKey.valueOf("harness.ws.socket");

  Owner owner() {
    return owner;
  }

  boolean closed() {
    return closed;
  }

  @Override
  public CompletableFuture<Integer> openAll() {
    CompletableFuture<Integer> opened = new CompletableFuture<>();
    loop.execute(
        () -> {
          initial = opened;
          sampler =
              loop.scheduleAtFixedRate(() -> tally.openPerSecond.add(open), 1, 1, TimeUnit.SECONDS);
          if (maxConnections == 0) {
            opened.complete(0);
            return;
          }
          // With a connect rate only the first socket opens before time zero; the rest follow.
          initialLeft = connectEveryNanos > 0 ? 1 : maxConnections;
          for (int i = 0; i < initialLeft; i++) {
            open(-1);
          }
          if (connectEveryNanos > 0 && maxConnections > 1) {
            rampStart = System.nanoTime();
            ramped = 1;
            long every = Math.max(connectEveryNanos, 1_000_000L);
            opener = loop.scheduleAtFixedRate(openNext, every, every, TimeUnit.NANOSECONDS);
          }
        });
    return opened;
  }

  /** Opens every ramp socket due by now, each with its due time as its intended connect. */
  private void openNext() {
    long now = System.nanoTime();
    long due = Math.min(maxConnections, 1 + (now - rampStart) / connectEveryNanos);
    // A late loop catches up a few sockets a tick: a burst of connects would hold it for longer.
    due = Math.min(due, ramped + MAX_OPENS_PER_TICK);
    while (!closed && ramped < due) {
      open(-1, rampStart + ramped * connectEveryNanos);
      ramped++;
    }
    if (closed || ramped >= maxConnections) {
      opener.cancel(false);
    }
  }

  @Override
  void open() {
    open(-1);
  }

  /** Opens a socket; in a chat, into {@code room} (a reopened one's), or -1 for the next room. */
  private void open(int room) {
    open(room, System.nanoTime());
  }

  private void open(int room, long intendedNanos) {
    WsSocket s = new WsSocket(this, intendedNanos, maxInFlight);
    s.uri = URI.create(url);
    if (fanOut != null) {
      s.room = room >= 0 ? room : fanOut.roomOf(started);
      s.uri = URI.create(url + (url.endsWith("/") ? "" : "/") + fanOut.globalRoom(s.room));
    }
    started++;
    opening++;
    connections.add(s);
    ChannelFuture f = bootstrap.clone().attr(SOCKET, s).connect(address);
    ConnectionPool.onConnectFailure(
        f, loop, () -> connectFailed(s, ConnectionPool.connectFailure(f, owner)));
  }

  /** Renders {@code s}'s message into {@link #lastText} and sets what its reply must be. */
  void render(WsSlot s) {
    s.counter = messages++ * workers + index;
    lastText = ws.message().render(s);
    if (ws.expect() == null) {
      s.expectText = lastText;
      s.pattern = null;
    } else if (ws.expectRegex()) {
      s.pattern = staticPattern != null ? staticPattern : Pattern.compile(ws.expect().render(s));
    } else {
      s.expectText = ws.expect().render(s);
      s.pattern = null;
    }
  }

  @Override
  public Slot poll() {
    for (int n = ready.size(); n > 0; n--) {
      WsSocket s = ready.pollFirst();
      if (!s.canTake()) {
        s.queued = false; // back in the queue when it opens up again
        continue;
      }
      WsSlot slot = s.take();
      if (s.canTake()) {
        ready.addLast(s);
      } else {
        s.queued = false;
      }
      return slot;
    }
    return null;
  }

  @Override
  public List<Slot> primingSlots() {
    List<Slot> one = new ArrayList<>();
    for (WsSocket s : connections) {
      if (s.canTake()) {
        one.add(s.take());
      }
    }
    return one;
  }

  @Override
  public void release(Slot slot) {
    WsSlot s = (WsSlot) slot;
    s.socket.release(s);
    enqueue(s.socket);
  }

  private void enqueue(WsSocket s) {
    if (!s.queued && s.canTake()) {
      s.queued = true;
      ready.addLast(s);
    }
  }

  /** A message of {@code s}'s socket failed but the socket stays: the slot is free again. */
  void settledFailed(WsSlot s) {
    if (s.socket.state == WsSocket.OPEN && !closed) {
      owner.slotReady(s);
    } else {
      s.socket.release(s);
    }
  }

  @Override
  public void grow(int waiting) {
    refill();
  }

  /** Not while the sockets ramp at the connect rate, nor before {@link #openAll}'s have settled. */
  @Override
  public void refill() {
    if (!ramping() && initialLeft == 0) {
      super.refill();
    }
  }

  /** Whether sockets are still being opened at the connect rate. */
  private boolean ramping() {
    return opener != null && !opener.isDone();
  }

  @Override
  public void closeAll() {
    if (opener != null) {
      opener.cancel(false);
    }
    if (sampler != null) {
      sampler.cancel(false);
    }
    super.closeAll();
  }

  @Override
  public WebSocketStats websocket() {
    int rooms = fanOut == null ? 0 : fanOut.open.length;
    return tally.stats(url, maxConnections, meter.opened, rooms, fanOut);
  }

  // ---- what the sockets report ---------------------------------------------------------------

  void upgraded(WsSocket s) {
    if (s.state != WsSocket.OPENING) {
      return;
    }
    s.state = WsSocket.OPEN;
    countOpened();
    open++;
    tally.connectTime.recordValue(Math.max(0, System.nanoTime() - s.intendedNanos));
    if (fanOut != null) {
      fanOut.open[s.room]++;
    }
    settled(true);
    if (closed) {
      s.channel.close();
      return;
    }
    owner.slotReady(s.take());
    enqueue(s);
  }

  void writable(WsSocket s) {
    if (s.state == WsSocket.OPEN && !closed && s.canTake()) {
      owner.slotReady(s.take());
      enqueue(s);
    }
  }

  void handshakeFailed(WsSocket s, String reason) {
    if (s.state == WsSocket.OPENING) {
      tally.handshakeErrors++;
      failedToOpen(s, reason);
    }
  }

  @Override
  void connectFailed(WsSocket s, String reason) {
    if (s.state == WsSocket.OPENING || (s.state == WsSocket.DONE && s.channel == null)) {
      tally.connectErrors++;
      failedToOpen(s, reason);
    }
  }

  private void failedToOpen(WsSocket s, String reason) {
    if (!connections.remove(s)) {
      return;
    }
    s.state = WsSocket.DONE;
    countFailed(reason);
    boolean first = initialLeft > 0;
    settled(false);
    if (s.channel != null) {
      s.channel.close();
    }
    owner.connectFailed();
    if (!first && !closed && !ramping()) {
      loop.schedule(retry, RETRY_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  void protocolError(WsSocket s, String reason) {
    tally.protocolErrors++;
    s.closing = Outcome.PROTOCOL_ERROR;
    s.closingReason = reason;
  }

  /** {@code s} was open and closed: count its close, open another, tell the worker. */
  void lost(WsSocket s) {
    connections.remove(s);
    ready.remove(s);
    open--;
    if (fanOut != null) {
      fanOut.open[s.room]--;
    }
    if (s.closing == Outcome.CLOSED) {
      tally.closed(s.closeCode < 0 ? WsSocket.ABNORMAL : s.closeCode);
    }
    if (!closed) {
      tally.reopened++;
      open(s.room);
    }
    owner.connectionLost();
  }
}
