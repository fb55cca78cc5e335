/** {@code ota login} and {@code ota logout}: the person (device code) or machine client the other commands act as. */
@NullMarked
package dev.ota.cli.login;

import org.jspecify.annotations.NullMarked;
