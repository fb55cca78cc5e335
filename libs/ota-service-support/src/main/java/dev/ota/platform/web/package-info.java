/** REST conventions: RFC 9457 problem details and OpenAPI description. */
@NullMarked
package dev.ota.platform.web;

import org.jspecify.annotations.NullMarked;
