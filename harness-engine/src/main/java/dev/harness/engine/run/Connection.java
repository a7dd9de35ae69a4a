package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;

/**
 * One keep-alive HTTP/1.1 connection of a worker, with at most one request in flight (no
 * pipelining, so every latency is one request's own). Its {@link ResponseDecoder}, just before it
 * in the pipeline, parses the answers and calls {@link #answer} or {@link #protocolError}; this
 * handler sees the channel's life (active, inactive, exceptions), not its bytes.
 *
 * <p>Thread contract: every method runs on the owning worker's event loop; the worker and its
 * connections share no state with other threads.
 */
final class Connection extends ChannelInboundHandlerAdapter implements ResponseDecoder.Listener {
  private final Worker worker;
  private final ResponseDecoder decoder;
  Channel channel;
  boolean connected;

  /** Whether a request is in flight. */
  boolean busy;

  /** Intended start of the request in flight (System.nanoTime), the base of its response time. */
  long intendedNanos;

  /** When the request in flight was written, the base of its service time. */
  long sentNanos;

  /** Phase the request in flight belongs to. */
  int phase;

  /** Name index the request in flight is recorded under. */
  int name;

  /** The flow the request in flight is a step of, or null for a fixed single request. */
  FlowRun flow;

  /**
   * This connection's own views of the fixed requests, by name index (see {@link #fixedRequest}),
   * each made on first use.
   */
  private ByteBuf[] views;

  Connection(Worker worker, ResponseDecoder decoder) {
    this.worker = worker;
    this.decoder = decoder;
    decoder.listener(this);
  }

  /** Prepares for the answer to the request about to be written. */
  void expect(boolean head, boolean capture) {
    decoder.expect(head, capture);
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
  public void channelActive(ChannelHandlerContext ctx) {
    connected = true;
    worker.onConnected(this);
  }

  @Override
  public void answer(int status, boolean keepAlive, Answer answer) {
    worker.onAnswer(this, status, keepAlive, answer);
    if (!keepAlive) {
      channel.close();
    }
  }

  @Override
  public void protocolError(String reason) {
    fail(Outcome.PROTOCOL_ERROR);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connected = false;
    worker.onClosed(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(cause instanceof DecoderException ? Outcome.PROTOCOL_ERROR : classify(cause));
  }

  private static Outcome classify(Throwable cause) {
    return cause instanceof IOException ? Outcome.RESET : Outcome.PROTOCOL_ERROR;
  }

  /** Ends the request in flight, if any, with this outcome and closes the connection. */
  void fail(Outcome outcome) {
    decoder.abandon();
    worker.onFailure(this, outcome);
    channel.close();
  }
}
