/** The {@code ota} command line: its entry point, the terminal it writes to, output formats, failures and exit codes. */
@NullMarked
package dev.ota.cli;

import org.jspecify.annotations.NullMarked;
