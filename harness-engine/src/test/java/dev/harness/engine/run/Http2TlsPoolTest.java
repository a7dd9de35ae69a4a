package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.model.Answer;
import dev.harness.engine.net.Transport;
import dev.harness.engine.result.Outcome;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool's TLS seam, for the {@code --http2} wiring: with an {@link SslContext} it speaks h2
 * after ALPN agreed on it, and names a server that did not.
 */
class Http2TlsPoolTest {
  private EventLoopGroup group;
  private SelfSignedCertificate cert;

  @BeforeEach
  void setUp() throws Exception {
    group = Transport.newGroup(1, new DefaultThreadFactory("tls-test", true));
    cert = new SelfSignedCertificate("localhost");
  }

  @AfterEach
  void tearDown() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    cert.delete();
  }

  private static ApplicationProtocolConfig alpn(String... protocols) {
    return new ApplicationProtocolConfig(
        ApplicationProtocolConfig.Protocol.ALPN,
        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
        protocols);
  }

  /** A TLS server offering {@code protocols} by ALPN; h2 connections get the warm-up's stub. */
  private int server(String... protocols) throws Exception {
    SslContext ssl =
        SslContextBuilder.forServer(cert.key(), cert.cert())
            .applicationProtocolConfig(alpn(protocols))
            .build();
    Channel ch =
        new ServerBootstrap()
            .group(group)
            .channel(Transport.serverSocketChannel())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel c) {
                    c.pipeline().addLast(ssl.newHandler(c.alloc()));
                    new Http2Stub().initChannel(c);
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    return ((InetSocketAddress) ch.localAddress()).getPort();
  }

  private Http2Pool pool(int port, AtomicInteger slots) throws Exception {
    SslContext client =
        SslContextBuilder.forClient()
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .endpointIdentificationAlgorithm(null)
            .applicationProtocolConfig(
                alpn(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
            .build();
    ConnectionPool.Owner owner =
        new ConnectionPool.Owner() {
          @Override
          public void slotReady(Slot slot) {
            slots.incrementAndGet();
          }

          @Override
          public void answered(Slot slot, int status, boolean reusable, Answer answer) {}

          @Override
          public void failed(Slot slot, Outcome outcome) {}

          @Override
          public void connectFailed() {}

          @Override
          public void connectionLost() {}
        };
    return new Http2Pool(
        group.next(),
        new InetSocketAddress("127.0.0.1", port),
        "localhost",
        1,
        10,
        -1,
        2_000_000_000L,
        client,
        owner);
  }

  @Test
  void alpnH2GivesAnHttp2Connection() throws Exception {
    AtomicInteger slots = new AtomicInteger();
    Http2Pool pool =
        pool(server(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1), slots);
    assertEquals(
        1, pool.openAll().get(5, TimeUnit.SECONDS), String.valueOf(pool.lastConnectError()));
    assertEquals(10, slots.get(), "--max-streams slots once SETTINGS came");
    assertEquals("h2", pool.http2().protocol());
    ConnectionMeter m = pool.meter();
    assertEquals(1, m.opened, "connections opened");
    assertEquals(1, m.connect.getTotalCount(), "connect times");
    assertEquals(1, m.handshakes, "handshakes");
    assertEquals(1, m.handshake.getTotalCount(), "handshake times");
    assertEquals("h2", m.alpn);
    assertTrue(m.version.startsWith("TLSv1."), m.version);
    assertTrue(m.cipher != null && !m.cipher.isEmpty(), String.valueOf(m.cipher));
  }

  @Test
  void aServerThatOnlyAgreesToHttp11IsNamed() throws Exception {
    AtomicInteger slots = new AtomicInteger();
    Http2Pool pool = pool(server(ApplicationProtocolNames.HTTP_1_1), slots);
    assertEquals(0, pool.openAll().get(5, TimeUnit.SECONDS));
    assertEquals("the server did not negotiate h2 (ALPN: http/1.1)", pool.lastConnectError());
    assertEquals(0, slots.get());
    assertEquals(1, pool.meter().failed, "a failed connect");
    assertEquals(0, pool.meter().opened);
  }
}
