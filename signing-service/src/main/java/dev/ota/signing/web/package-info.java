/** Web security: public repository files, everything else behind JWT roles. */
@NullMarked
package dev.ota.signing.web;

import org.jspecify.annotations.NullMarked;
