/**
 * The production profile: what a service needs before it may start in production, checked before any bean is made.
 */
@NullMarked
package dev.ota.platform.production;

import org.jspecify.annotations.NullMarked;
