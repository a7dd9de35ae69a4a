package dev.harness.engine.run;

import dev.harness.engine.model.Answer;
import dev.harness.engine.result.Outcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * One keep-alive HTTP/1.1 connection of a worker, with at most one request in flight (no
 * pipelining, so every latency is one request's own).
 *
 * <p>Thread contract: every method runs on the owning worker's event loop; the worker and its
 * connections share no state with other threads.
 */
final class Connection extends SimpleChannelInboundHandler<HttpObject> {
  /** Bodies kept for checks are cut here: checks and extractions read the start of an answer. */
  private static final int MAX_CAPTURE = 1 << 20;

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

  /** Whether the answer's headers and body are kept, for checks and extractions. */
  private boolean capture;

  private HttpHeaders headers;
  private ByteArrayOutputStream body;

  /** Status of the answer being read, or 0 before its headers arrive. */
  private int status;

  private boolean keepAlive;

  Connection(Worker worker, ResponseDecoder decoder) {
    this.worker = worker;
    this.decoder = decoder;
  }

  /** Prepares for the answer to the request about to be written. */
  void expect(boolean head, boolean capture) {
    decoder.expectHead(head);
    this.capture = capture;
    this.headers = null;
    this.body = null;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    connected = true;
    worker.onConnected(this);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (msg.decoderResult().isFailure()) {
      fail(Outcome.PROTOCOL_ERROR);
      return;
    }
    if (msg instanceof HttpResponse response) {
      int code = response.status().code();
      if (code >= 100 && code < 200 && code != 101) {
        return; // an interim answer; the final one follows
      }
      if (!busy) {
        fail(Outcome.PROTOCOL_ERROR); // an answer nobody asked for
        return;
      }
      status = code;
      keepAlive = HttpUtil.isKeepAlive(response);
      if (capture) {
        headers = response.headers();
        body = new ByteArrayOutputStream();
      }
    }
    if (capture && body != null && msg instanceof HttpContent content) {
      ByteBuf b = content.content();
      int n = Math.min(b.readableBytes(), MAX_CAPTURE - body.size());
      if (n > 0) {
        byte[] chunk = new byte[n];
        b.getBytes(b.readerIndex(), chunk);
        body.writeBytes(chunk);
      }
    }
    if (msg instanceof LastHttpContent && status != 0) {
      int code = status;
      status = 0;
      Answer answer = null;
      if (capture && headers != null) {
        HttpHeaders h = headers;
        answer = new Answer(code, h::get, body.toByteArray());
        headers = null;
        body = null;
      }
      worker.onAnswer(this, code, keepAlive, answer);
      if (!keepAlive) {
        channel.close();
      }
    } else if (msg instanceof HttpContent && status == 0 && !(msg instanceof HttpResponse)) {
      fail(Outcome.PROTOCOL_ERROR);
    }
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
    status = 0;
    worker.onFailure(this, outcome);
    channel.close();
  }
}
