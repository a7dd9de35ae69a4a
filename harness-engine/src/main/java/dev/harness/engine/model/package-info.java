/**
 * The immutable description of a run, validated at construction: {@link
 * dev.harness.engine.model.RunSpec} and its parts (target, phases and rate profiles, requests,
 * flows, checks, feeders, templates, criteria, health probe, resilience spec, fault definitions and
 * windows). Holds no measurement and does no I/O.
 *
 * <p>May import: {@code schedule}, {@code time}.
 */
package dev.harness.engine.model;
