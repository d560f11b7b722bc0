package dev.rewind.cli;

/** How a command prints its result: for people or for scripts. */
enum OutputFormat {
    text, json
}
