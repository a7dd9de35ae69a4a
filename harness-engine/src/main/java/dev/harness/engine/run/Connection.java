package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.result.Outcome;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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

  Connection(Worker worker, ResponseDecoder decoder) {
    this.worker = worker;
    this.decoder = decoder;
    decoder.listener(this);
  }

  /** Prepares for the answer to the request about to be written. */
  void expect(boolean head, boolean capture) {
    decoder.expect(head, capture);
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
