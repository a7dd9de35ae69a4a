package dev.harness.cli;

import dev.harness.engine.time.InvalidInputException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harness completion bash|zsh}: the shell completion script picocli's {@link AutoComplete}
 * generates from the commands themselves, so it never lags behind a new flag.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script for bash or zsh.",
      "Load it in the current shell with 'source <(harness completion bash)', or write it where"
          + " your shell reads completions, e.g. /etc/bash_completion.d/harness. zsh uses the same"
          + " script through bashcompinit, which the zsh variant loads first."
    },
    footer = {
      "",
      "Examples:",
      "  source <(harness completion bash)",
      "  harness completion zsh > ~/.zsh/harness-completion.zsh"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  String shell;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("harness", spec.root().commandLine());
    String prefix =
        switch (shell.toLowerCase(Locale.ROOT)) {
          case "bash" -> "";
          // picocli's script is written for bash; zsh runs it through its bash emulation.
          case "zsh" ->
              "autoload -U +X compinit && compinit\n"
                  + "autoload -U +X bashcompinit && bashcompinit\n";
          default ->
              throw new InvalidInputException("unknown shell '" + shell + "' (known: bash, zsh)");
        };
    spec.commandLine().getOut().print(prefix + script);
    spec.commandLine().getOut().flush();
    return Main.PASS;
  }
}
