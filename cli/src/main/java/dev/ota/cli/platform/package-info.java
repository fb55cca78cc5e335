/**
 * The platform as the command line sees it: where each service answers, the login kept between commands (a client
 * credentials token, renewed when it expires), and JSON calls whose refusals become one-line failures.
 */
@NullMarked
package dev.ota.cli.platform;

import org.jspecify.annotations.NullMarked;
