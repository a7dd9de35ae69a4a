package dev.harness.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.engine.result.RunResult;
import dev.harness.engine.result.Verdict;
import dev.harness.engine.testkit.Specs;
import dev.harness.engine.testkit.TargetExtension;
import io.netty.channel.ChannelException;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The generator's own failure ends the run as invalid, with a reason that names the generator. */
class GeneratorFailureTest {
  @RegisterExtension static final TargetExtension target = TargetExtension.withDefaults();

  @Test
  void runningOutOfDescriptorsIsTheGeneratorsFailure() {
    // What Netty reports when no socket can be made: the cause two levels down.
    Throwable emfile =
        new ChannelException(
            "Unable to create Channel from class EpollSocketChannel",
            new ChannelException(
                new IOException("newSocketStream(..) failed: Too many open files")));
    String why = GeneratorFailure.reasonOf(emfile);
    assertTrue(why.startsWith("the generator ran out of file descriptors (ulimit -n "), why);
    assertTrue(why.contains("): newSocketStream(..) failed: Too many open files"), why);
    assertTrue(
        GeneratorFailure.reasonOf(new OutOfMemoryError("Java heap space"))
            .startsWith("the generator ran out of memory (max heap "));
    assertNull(GeneratorFailure.reasonOf(new ConnectException("Connection refused")));
    assertNull(GeneratorFailure.reasonOf(new StackOverflowError()));
  }

  @Test
  void onlyTheFirstFailureIsKeptAndEndsTheRunOnce() {
    AtomicInteger ended = new AtomicInteger();
    GeneratorFailure f = new GeneratorFailure(ended::incrementAndGet);
    assertEquals(false, f.report(new IOException("Connection reset by peer")));
    assertNull(f.reason());
    assertTrue(f.report(new IOException("Too many open files")));
    assertTrue(f.report(new OutOfMemoryError("Java heap space")));
    assertEquals(1, ended.get());
    assertTrue(f.reason().contains("file descriptors"), f.reason());
  }

  @Test
  void aWorkerOutOfMemoryMidRunEndsTheRunAsInvalid() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    // The 100th tick (about 1 s in at 100/s) fails as an allocation would.
    Runnable oom =
        () -> {
          if (ticks.incrementAndGet() == 100) {
            throw new OutOfMemoryError("Java heap space");
          }
        };
    long before = System.nanoTime();
    RunResult r =
        Runs.run(
            Specs.open(target.url() + "/", 100, 30, 1, 4),
            new Supervision(RestartPolicy.Scheduler::of, oom));
    long took = System.nanoTime() - before;
    assertEquals(Verdict.INVALID, r.verdict());
    assertTrue(r.reason().startsWith("the generator ran out of memory (max heap "), r.reason());
    assertTrue(r.reason().contains("Java heap space"), r.reason());
    // Ended at the failure, not after the 30 s schedule; what ran before it was measured.
    assertTrue(took < 20_000_000_000L, "took " + took / 1_000_000 + " ms");
    assertTrue(r.measured().requests() > 0, r.measured().toString());
    assertTrue(r.generator().restarts().isEmpty(), "out of memory is not restarted");
  }

  @Test
  void aWorkerWhoseEventLoopStoppedEndsTheRunAsInvalid() throws Exception {
    AtomicInteger ticks = new AtomicInteger();
    AtomicReference<EventLoop> loop = new AtomicReference<>();
    // The 100th tick stops the worker's own loop, as an Error escaping it would: its thread ends
    // and the worker never finishes.
    Runnable stop =
        () -> {
          if (ticks.incrementAndGet() == 100) {
            loop.get().shutdownGracefully(0, 0, TimeUnit.SECONDS);
          }
        };
    Supervision s =
        new Supervision(
            l -> {
              loop.set(l);
              return RestartPolicy.Scheduler.of(l);
            },
            stop);
    long before = System.nanoTime();
    RunResult r = Runs.run(Specs.open(target.url() + "/", 100, 30, 1, 4), s);
    long took = System.nanoTime() - before;
    assertEquals(Verdict.INVALID, r.verdict());
    assertEquals("the generator's worker-0 event loop stopped (an error escaped it)", r.reason());
    assertTrue(took < 20_000_000_000L, "took " + took / 1_000_000 + " ms");
  }
}
