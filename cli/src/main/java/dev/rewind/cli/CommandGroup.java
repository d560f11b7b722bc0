package dev.rewind.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A noun ({@code replay}, {@code routes}, ...) run without a verb: a usage error (exit code 2). */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: use one of "
                + spec.subcommands().keySet());
    }
}
