/** The offline key ceremony: a command-line tool that generates keys and creates, signs and combines root and targets metadata. */
@NullMarked
package dev.ota.signing.ceremony;

import org.jspecify.annotations.NullMarked;
