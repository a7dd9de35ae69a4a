package dev.harness.engine.run;

import dev.harness.engine.result.Http2Stats;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/2 {@link ConnectionPool}: up to {@code maxConnections} connections, each carrying up to
 * {@code min(maxStreams, peer's SETTINGS_MAX_CONCURRENT_STREAMS)} streams, each stream a {@link
 * Slot}. Free slots of all connections rest on one stack (the last freed is the next used). Over
 * cleartext it speaks h2 with prior knowledge (h2c); given an {@link SslContext}, TLS with ALPN
 * first, and a server that does not agree to h2 fails the connection with one clear line.
 *
 * <p>Thread contract: owned by one worker's event loop, like its connections; only {@link
 * #openAll}, {@link #lastConnectError} and {@link #http2} may be called from another thread.
 */
final class Http2Pool extends AbstractPool<Http2Connection> {
  final int maxStreams;

  /** SETTINGS_HEADER_TABLE_SIZE sent in each connection's first SETTINGS; -1 for none. */
  final long headerTableSize;

  final String scheme;
  private final Bootstrap bootstrap;
  private final String protocol;

  /**
   * Every connection with a channel still open, going away or not: what the sweeps go over. The
   * budget's {@link #connections} leave out those going away.
   */
  private final List<Http2Connection> all = new ArrayList<>();

  private final ArrayDeque<Http2Stream> free = new ArrayDeque<>();

  /** Each fixed request in HTTP/2 form, by name index, converted on first use. */
  private Http2Request[] fixed = new Http2Request[0];

  private volatile int maxInFlight;
  private volatile long peerMaxStreams = -1;
  private final AtomicInteger goAways = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();

  /**
   * @param headerTableSize SETTINGS_HEADER_TABLE_SIZE to send, or -1 for none
   * @param ssl TLS with ALPN, or null for h2c (prior knowledge over cleartext)
   */
  Http2Pool(
      EventLoop loop,
      InetSocketAddress address,
      String host,
      int maxConnections,
      int maxStreams,
      long headerTableSize,
      long timeoutNanos,
      SslContext ssl,
      Owner owner) {
    super(loop, address, maxConnections, owner, new ArrayList<>());
    this.maxStreams = maxStreams;
    this.headerTableSize = headerTableSize;
    this.scheme = ssl == null ? "http" : "https";
    this.protocol = ssl == null ? "h2c" : "h2";
    Http2Pool self = this;
    long timeoutMillis = ConnectionPool.connectTimeoutMillis(timeoutNanos);
    this.bootstrap =
        ConnectionPool.bootstrap(loop, timeoutMillis)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    Http2Connection c = new Http2Connection(self, ch);
                    connections.add(c);
                    all.add(c);
                    ChannelPipeline p = ch.pipeline();
                    p.addLast(Http2Pipeline.Life.NAME, new Http2Pipeline.Life(self, c));
                    if (ssl == null) {
                      Http2Pipeline.addHttp2(p, c);
                    } else {
                      Http2Pipeline.addTls(p, c, ssl, host, address.getPort(), timeoutMillis);
                    }
                  }
                });
  }

  @Override
  public CompletableFuture<Integer> openAll() {
    CompletableFuture<Integer> all = new CompletableFuture<>();
    loop.execute(
        () -> {
          AtomicInteger remaining = new AtomicInteger(maxConnections);
          AtomicInteger ok = new AtomicInteger();
          for (int i = 0; i < maxConnections; i++) {
            connect()
                .addListener(
                    f -> {
                      if (f.isSuccess()) {
                        ok.incrementAndGet();
                      }
                      if (remaining.decrementAndGet() == 0) {
                        all.complete(ok.get());
                      }
                    });
          }
        });
    return all;
  }

  @Override
  void open() {
    connect();
  }

  /** Opens a connection; the promise completes when its slots are ready (SETTINGS came). */
  private Promise<Void> connect() {
    opening++;
    Promise<Void> ready = loop.newPromise();
    ChannelFuture f = bootstrap.connect(address);
    f.channel().attr(Http2Pipeline.READY).set(ready);
    ConnectionPool.onConnectFailure(f, loop, () -> openFailed(f, ready));
    return ready;
  }

  private void openFailed(ChannelFuture f, Promise<Void> ready) {
    Http2Pipeline.Life life = f.channel().pipeline().get(Http2Pipeline.Life.class);
    connectFailed(life == null ? null : life.connection(), ConnectionPool.connectFailure(f, owner));
    Throwable cause = f.cause();
    ready.tryFailure(cause == null ? new IllegalStateException("connect failed") : cause);
  }

  @Override
  public Slot poll() {
    Http2Stream s;
    while ((s = free.pollFirst()) != null) {
      if (s.connection.usable()) {
        return s;
      }
    }
    return null;
  }

  /** One free stream of each connection; the others stay free. */
  @Override
  public List<Slot> primingSlots() {
    List<Slot> one = new ArrayList<>();
    Set<Http2Connection> seen = new HashSet<>();
    for (Iterator<Http2Stream> it = free.iterator(); it.hasNext(); ) {
      Http2Stream s = it.next();
      if (s.connection.usable() && seen.add(s.connection)) {
        it.remove();
        one.add(s);
      }
    }
    return one;
  }

  @Override
  public void release(Slot slot) {
    Http2Stream s = (Http2Stream) slot;
    if (s.connection.usable()) {
      free.push(s);
    }
  }

  @Override
  public void grow(int waiting) {
    // A connection being opened brings many streams: one at a time is enough.
    if (opening == 0) {
      refill();
    }
  }

  @Override
  Collection<Http2Connection> swept() {
    return all;
  }

  @Override
  public Http2Stats http2() {
    return new Http2Stats(
        protocol,
        maxStreams,
        peerMaxStreams,
        maxInFlight,
        opened.get(),
        goAways.get(),
        resets.get(),
        refused.get(),
        headerTableSize);
  }

  /** The fixed request {@code request} (of name index {@code name}) in HTTP/2 form. */
  Http2Request fixed(ByteBuf request, int name) {
    if (name >= fixed.length) {
      fixed = Arrays.copyOf(fixed, name + 1);
    }
    Http2Request r = fixed[name];
    if (r == null) {
      r = Http2Request.of(request, scheme);
      fixed[name] = r;
    }
    return r;
  }

  // ---- what connections report ------------------------------------------------------------

  /** {@code c}'s TLS handshake is done and ALPN agreed on {@code alpn}. */
  void handshaken(Http2Connection c, SslHandler ssl, String alpn) {
    meter.handshake(c.intendedNanos, System.nanoTime(), ssl.engine().getSession(), alpn);
  }

  /** {@code c} has its slots: the peer's SETTINGS came. */
  void ready(Http2Connection c, List<Http2Stream> slots) {
    countOpened();
    opened.incrementAndGet();
    if (closed) {
      c.channel.close();
    } else {
      for (Http2Stream s : slots) {
        owner.slotReady(s);
      }
    }
    // Last: whoever waits on the connection finds its slots offered.
    Promise<Void> p = c.channel.attr(Http2Pipeline.READY).get();
    if (p != null) {
      p.trySuccess(null);
    }
  }

  /** {@code c} could not be made an HTTP/2 connection (connect, TLS or ALPN failed). */
  @Override
  void connectFailed(Http2Connection c, String reason) {
    // Before the promise fails: whoever waits on it reads the reason next.
    countFailed(reason);
    if (c != null) {
      connections.remove(c);
      all.remove(c);
      Promise<Void> p = c.channel.attr(Http2Pipeline.READY).get();
      if (p != null) {
        p.tryFailure(new IllegalStateException(reason));
      }
    }
    owner.connectFailed();
  }

  /** {@code c} takes no new stream: it no longer counts in the budget, so another may open. */
  void retired(Http2Connection c) {
    if (connections.remove(c)) {
      owner.connectionLost();
    }
  }

  /** {@code c}'s channel closed. */
  void closed(Http2Connection c) {
    all.remove(c);
    if (!c.ready && !c.goingAway && connections.contains(c)) {
      connectFailed(
          c,
          c.failReason != null
              ? c.failReason
              : "the server closed the connection before its HTTP/2 SETTINGS came"
                  + " (does it speak HTTP/2 with prior knowledge?)");
      return;
    }
    c.closed();
    if (connections.remove(c)) {
      owner.connectionLost();
    }
  }

  /**
   * {@code c} failed on an answer's header block it could not decode (HPACK COMPRESSION_ERROR):
   * {@code reason} is what a run that got no answer says.
   */
  void headerBlockFailed(String reason) {
    lastConnectError = reason;
  }

  void inFlight(int n) {
    if (n > maxInFlight) {
      maxInFlight = n;
    }
  }

  void peerMaxStreams(long n) {
    peerMaxStreams = n;
  }

  void goAway() {
    goAways.incrementAndGet();
  }

  void resets(boolean refusedStream) {
    (refusedStream ? refused : resets).incrementAndGet();
  }

  /** The negotiated protocol, "h2c" or "h2". */
  String protocol() {
    return protocol;
  }
}
