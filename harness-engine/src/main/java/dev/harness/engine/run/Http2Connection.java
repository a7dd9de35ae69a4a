package dev.harness.engine.run;

import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.collection.IntObjectHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/2 connection of an {@link Http2Pool}: Netty's {@link Http2ConnectionHandler} does the
 * framing, HPACK and flow control; this listener maps stream ids to the {@link Http2Stream} slots
 * in flight. Its slots come once the peer's SETTINGS tell how many streams it allows: {@code
 * min(--max-streams, SETTINGS_MAX_CONCURRENT_STREAMS)}. After a GOAWAY it starts no stream, the
 * streams the peer will not process fail with {@link Outcome#GOAWAY}, and it closes once the others
 * are answered.
 *
 * <p>Thread contract: every method runs on the owning worker's event loop.
 */
final class Http2Connection extends Http2EventAdapter implements PooledConnection {
  final Http2Pool pool;
  final Channel channel;

  /** When the pool began to open this connection: connect and handshake times count from it. */
  final long intendedNanos = System.nanoTime();

  private Http2ConnectionHandler handler;
  private ChannelHandlerContext ctx;
  private Http2ConnectionEncoder encoder;

  /** Streams in flight by id. */
  private final IntObjectHashMap<Http2Stream> streams = new IntObjectHashMap<>();

  private List<Http2Stream> slots = List.of();

  /** SETTINGS came: the slots exist. */
  boolean ready;

  /** GOAWAY came (or stream ids ran out): no new stream; closed once the last one is answered. */
  boolean goingAway;

  private int goAwayLastStream = Integer.MAX_VALUE;

  /** Why the connection could not be made (TLS, ALPN), set before it is closed; else null. */
  String failReason;

  /**
   * Why the connection failed on an answer's header block, with the reason the requests lost on it
   * are counted under; else null.
   */
  private String headerBlockFailure;

  /** Most streams in flight at once on this connection. */
  int maxInFlight;

  /** A read is being handled: its end flushes, so a send does not have to. */
  private boolean reading;

  /** A flush is queued on the event loop. */
  private boolean flushPending;

  private final Runnable flush = this::flushNow;

  Http2Connection(Http2Pool pool, Channel channel) {
    this.pool = pool;
    this.channel = channel;
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public long intendedNanos() {
    return intendedNanos;
  }

  /** Called once the handler is in the pipeline. */
  void handler(Http2ConnectionHandler handler) {
    this.handler = handler;
    this.encoder = handler.encoder();
    this.ctx = channel.pipeline().context(handler);
    handler.connection().addListener(this);
  }

  /** Whether a stream can be started now. */
  boolean usable() {
    return ready && !goingAway && channel.isActive();
  }

  int inFlight() {
    return streams.size();
  }

  void send(Http2Stream s, Http2Request r) {
    int id = handler.connection().local().incrementAndGetNextStreamId();
    if (id < 0 || !usable()) {
      // Stream ids ran out (after about a billion requests) or the connection is going away.
      retire();
      pool.owner.failed(s, Outcome.REFUSED_STREAM);
      return;
    }
    if (!handler.connection().local().canOpenStream()) {
      // The peer lowered SETTINGS_MAX_CONCURRENT_STREAMS below this connection's slots: the
      // request is refused unsent and the slot is dropped, so the slots shrink to the new limit.
      pool.owner.failed(s, Outcome.REFUSED_STREAM);
      return;
    }
    s.id = id;
    streams.put(id, s);
    // Priming fills every slot at once before time zero: not part of the run's figure.
    if (streams.size() > maxInFlight && s.phase != Dispatcher.PRIMING) {
      maxInFlight = streams.size();
      pool.inFlight(maxInFlight);
    }
    boolean endStream = r.body() == null;
    encoder.writeHeaders(ctx, id, r.headers(), 0, endStream, ctx.voidPromise());
    if (!endStream) {
      encoder.writeData(ctx, id, r.body().duplicate(), 0, true, ctx.voidPromise());
    }
    flushSoon();
  }

  /**
   * Flushes once the event loop is done with what it is doing: the sends of one pacer tick, or of
   * one read (whose end flushes anyway), go out in one write instead of one each.
   */
  private void flushSoon() {
    if (!reading && !flushPending) {
      flushPending = true;
      channel.eventLoop().execute(flush);
    }
  }

  private void flushNow() {
    flushPending = false;
    if (channel.isActive()) {
      ctx.flush();
    }
  }

  /**
   * Ends the request in flight on {@code s} with {@code outcome} now and resets its stream; the
   * slot is offered again once Netty has closed the stream, so the peer's limit is never overrun.
   */
  void cancel(Http2Stream s, Outcome outcome) {
    if (s.id == 0 || s.reported || !streams.containsKey(s.id)) {
      return;
    }
    s.reported = true;
    pool.owner.failed(s, outcome);
    if (channel.isActive()) {
      encoder.writeRstStream(ctx, s.id, Http2Error.CANCEL.code(), ctx.voidPromise());
      flushSoon();
    }
  }

  /** Fails every stream sent more than {@code nanos} before {@code now}. */
  @Override
  public void timeOut(long now, long nanos) {
    if (streams.isEmpty()) {
      return;
    }
    for (Http2Stream s : new ArrayList<>(streams.values())) {
      if (s.busy && !s.reported && now - s.sentNanos > nanos) {
        cancel(s, Outcome.TIMEOUT);
      }
    }
  }

  /** A slot whose stream ended: free again unless the connection is going away. */
  private void reoffer(Http2Stream s) {
    if (usable()) {
      pool.owner.slotReady(s);
    } else {
      closeIfDone();
    }
  }

  /** Takes no new stream from now on and tells the pool, which may open another connection. */
  private void retire() {
    if (!goingAway) {
      goingAway = true;
      pool.retired(this);
    }
    closeIfDone();
  }

  private void closeIfDone() {
    if (goingAway && streams.isEmpty()) {
      channel.close();
    }
  }

  // ---- frames from the peer ---------------------------------------------------------------

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
    if (ready) {
      return; // a later SETTINGS: a lower limit drops slots as they are used (see send)
    }
    ready = true;
    Long peer = settings.maxConcurrentStreams();
    int n = pool.maxStreams;
    if (peer != null && peer < n) {
      n = (int) Math.max(0, peer);
    }
    pool.peerMaxStreams(peer == null ? -1 : peer);
    slots = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      slots.add(new Http2Stream(this));
    }
    pool.ready(this, slots);
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean end) {
    Http2Stream s = streams.get(streamId);
    if (s != null && !s.reported) {
      s.headers(headers, end);
      s.ended |= end; // answered once Netty has closed the stream (onStreamClosed)
    }
  }

  @Override
  public void onHeadersRead(
      ChannelHandlerContext ctx,
      int streamId,
      Http2Headers headers,
      int streamDependency,
      short weight,
      boolean exclusive,
      int padding,
      boolean end) {
    onHeadersRead(ctx, streamId, headers, padding, end);
  }

  @Override
  public int onDataRead(
      ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean end) {
    Http2Stream s = streams.get(streamId);
    if (s != null && !s.reported) {
      s.data(data);
      s.ended |= end;
    }
    return data.readableBytes() + padding; // consumed: the window opens again
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    Http2Stream s = streams.get(streamId);
    if (s != null && !s.reported && !s.ended) {
      boolean refused = errorCode == Http2Error.REFUSED_STREAM.code();
      pool.resets(refused);
      s.outcome = refused ? Outcome.REFUSED_STREAM : Outcome.STREAM_RESET;
    }
  }

  /**
   * Netty sends GOAWAY COMPRESSION_ERROR when it cannot decode a header block. With a smaller
   * header table asked for, that is a server which went on using the table of HTTP/2's default size
   * (Netty wants the server's first header block after the ACK to shrink it): said in one line.
   */
  @Override
  public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
    if (errorCode == Http2Error.COMPRESSION_ERROR.code() && pool.headerTableSize >= 0) {
      headerBlockFailure =
          "the server did not honour --h2-header-table-size "
              + pool.headerTableSize
              + " (HPACK COMPRESSION_ERROR: "
              + debugData.toString(StandardCharsets.US_ASCII)
              + "); run without it against this server";
      pool.headerBlockFailed(headerBlockFailure);
    }
  }

  @Override
  public void onGoAwayReceived(int lastStreamId, long errorCode, ByteBuf debugData) {
    goAwayLastStream = lastStreamId;
  }

  @Override
  public void onGoAwayRead(
      ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    // Netty closes the streams above lastStreamId: onStreamClosed fails them with GOAWAY.
    goAwayLastStream = lastStreamId;
    pool.goAway();
    retire();
  }

  /**
   * Netty closed a stream: the request on it is answered, or failed (reset, refused, beyond a
   * GOAWAY, connection lost), or was already failed (timed out); its slot is free again.
   */
  @Override
  public void onStreamClosed(io.netty.handler.codec.http2.Http2Stream stream) {
    Http2Stream s = streams.remove(stream.id());
    if (s == null) {
      return;
    }
    s.id = 0;
    if (s.reported) {
      s.reported = false;
      reoffer(s);
    } else if (s.ended) {
      s.ended = false;
      boolean reusable = usable();
      pool.owner.answered(s, s.status, reusable, s.answer());
      if (!reusable) {
        closeIfDone();
      }
    } else {
      Outcome o =
          s.outcome != null
              ? s.outcome
              : stream.id() > goAwayLastStream
                  ? Outcome.GOAWAY
                  : channel.isActive() ? Outcome.STREAM_RESET : Outcome.RESET;
      s.outcome = null;
      lost(s, o);
      reoffer(s);
    }
  }

  /** The channel closed: what was in flight is lost. */
  void closed() {
    ready = false;
    goingAway = true;
    for (Http2Stream s : new ArrayList<>(streams.values())) {
      s.id = 0;
      if (!s.reported) {
        lost(s, Outcome.RESET);
      }
    }
    streams.clear();
  }

  /** Fails {@code s}'s request: a protocol error with its reason if a header block failed. */
  private void lost(Http2Stream s, Outcome o) {
    if (headerBlockFailure != null) {
      pool.owner.failed(s, Outcome.PROTOCOL_ERROR, headerBlockFailure);
    } else {
      pool.owner.failed(s, o);
    }
  }

  /** Marks reads, so sends made while handling one are flushed once at its end. */
  final class ReadMarker extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      reading = true;
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      reading = false;
      ctx.fireChannelReadComplete();
    }
  }
}
