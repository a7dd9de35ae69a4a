package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;

/**
 * One keep-alive HTTP/1.1 connection of an {@link Http1Pool}, and its one {@link Slot}: at most one
 * request in flight (no pipelining, so every latency is one request's own). Its {@link
 * ResponseDecoder}, just before it in the pipeline, parses the answers and calls {@link #answer} or
 * {@link #protocolError}; its {@link Events} handler sees the channel's life (active, inactive,
 * exceptions), not its bytes.
 *
 * <p>Thread contract: every method runs on the owning worker's event loop; the worker and its
 * connections share no state with other threads.
 */
final class Connection extends Slot implements ResponseDecoder.Listener, PooledConnection {
  private final Http1Pool pool;
  private final ConnectionPool.Owner owner;
  private final ResponseDecoder decoder;
  private final Events events = new Events();
  private final int maxRequests;
  final Channel channel;

  static final int OPENING = 0;
  static final int READY = 1;
  static final int FAILED = 2;

  /** {@link #OPENING} until it can carry requests ({@link #READY}) or could not open. */
  int state = OPENING;

  /** When the pool began to open it: connect and handshake times are measured from here. */
  final long intendedNanos = System.nanoTime();

  /** Answers received, against {@link #maxRequests}. */
  private int served;

  /**
   * This connection's own views of the fixed requests, by name index (see {@link #fixedRequest}),
   * each made on first use.
   */
  private ByteBuf[] views;

  Connection(
      Http1Pool pool,
      ConnectionPool.Owner owner,
      ResponseDecoder decoder,
      Channel channel,
      int maxRequests) {
    this.pool = pool;
    this.maxRequests = maxRequests;
    this.owner = owner;
    this.decoder = decoder;
    this.channel = channel;
    decoder.listener(this);
  }

  /** The handler that reports this connection's life to its pool. */
  Events events() {
    return events;
  }

  @Override
  void send(ByteBuf request, boolean head, boolean capture) {
    decoder.expect(head, capture);
    channel.writeAndFlush(request, channel.voidPromise());
  }

  /**
   * The pre-encoded request {@code fixed[name]}, ready to write: this connection's own view of it
   * (a duplicate sharing its memory) rewound to its start, so a send allocates nothing.
   *
   * <p>Rewinding is safe only once the channel is done with the previous write of that view. One
   * request is in flight per connection and the next is sent after its answer, so the write is
   * normally long gone by then; but a server may answer before it has read the whole request, and a
   * write the socket did not take at once stays in the channel's outbound buffer. So the view is
   * reused only when that buffer is empty; otherwise a fresh duplicate is written, as before.
   */
  @Override
  ByteBuf fixedRequest(ByteBuf[] fixed, int name) {
    ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
    if (pending == null || pending.totalPendingWriteBytes() != 0) {
      return fixed[name].duplicate();
    }
    if (views == null) {
      views = new ByteBuf[fixed.length];
    }
    ByteBuf view = views[name];
    if (view == null) {
      view = fixed[name].duplicate();
      views[name] = view;
    }
    // An epoll write leaves the reader index where it was, an NIO write moves it to the end.
    return view.readerIndex(0);
  }

  @Override
  String connectionId() {
    return channel.id().asShortText();
  }

  @Override
  public void answer(int status, boolean keepAlive, Answer answer) {
    // Past --max-requests-per-connection the connection goes as if the server said close; a status
    // no HTTP/1.1 server sends is a protocol error and, like any other, ends the connection.
    boolean reuse =
        keepAlive
            && Outcome.ofStatus(status) != Outcome.PROTOCOL_ERROR
            && (maxRequests == 0 || ++served < maxRequests);
    owner.answered(this, status, reuse, answer);
    if (!reuse) {
      channel.close();
    }
  }

  @Override
  public void protocolError(String reason) {
    decoder.abandon();
    owner.failed(this, Outcome.PROTOCOL_ERROR, reason);
    channel.close();
  }

  /** Fails the request in flight if it was sent more than {@code nanos} before {@code now}. */
  @Override
  public void timeOut(long now, long nanos) {
    if (busy && now - sentNanos > nanos) {
      fail(Outcome.TIMEOUT);
    }
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public long intendedNanos() {
    return intendedNanos;
  }

  /** Ends the request in flight, if any, with this outcome and closes the connection. */
  @Override
  void fail(Outcome outcome) {
    decoder.abandon();
    owner.failed(this, outcome);
    channel.close();
  }

  private static Outcome classify(Throwable cause) {
    return cause instanceof IOException ? Outcome.RESET : Outcome.PROTOCOL_ERROR;
  }

  /** The channel's life, reported to the pool; same thread contract as the connection. */
  final class Events extends ChannelInboundHandlerAdapter {
    Connection connection() {
      return Connection.this;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      pool.connected(Connection.this);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e) {
        pool.handshaken(Connection.this, e);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      pool.closed(Connection.this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      owner.connectionError(cause);
      fail(cause instanceof DecoderException ? Outcome.PROTOCOL_ERROR : classify(cause));
    }
  }
}
