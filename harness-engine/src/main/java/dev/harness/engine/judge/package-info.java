/**
 * Judging a run: evaluates every criterion on what was measured and decides the verdict and its
 * reason, in one step ({@link dev.harness.engine.judge.Judge}) that every kind of run goes through
 * (a plain run, a fault drill, a capacity step, merged shards). Holds the pure per-second analysis
 * the verdict needs: the SLO a second must meet, availability, each fault's impact and recovery.
 * Its input is plain measurements ({@link dev.harness.engine.judge.Measurements}), never a live
 * run, so a merge of several results can be judged the same way.
 *
 * <p>May import: {@code model}, {@code result}, {@code time}.
 */
package dev.harness.engine.judge;
