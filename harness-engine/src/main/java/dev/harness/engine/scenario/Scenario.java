package dev.harness.engine.scenario;

import dev.harness.engine.model.RunSpec;
import java.nio.file.Path;

/**
 * A loaded scenario file: the run it describes, with what it says about itself.
 *
 * @param file where it was read from
 * @param name its {@code name}, or the file name without extension
 * @param description its {@code description}, or empty
 * @param spec the run, command-line overrides applied
 * @param capacity the {@code capacity:} block, {@link CapacitySettings#NONE} without one
 */
public record Scenario(
    Path file, String name, String description, RunSpec spec, CapacitySettings capacity) {}
