/** REST API: manual rollback by fleet operations, decision history, explicit validation of rollback targets. */
@NullMarked
package dev.ota.rollback.web;

import org.jspecify.annotations.NullMarked;
