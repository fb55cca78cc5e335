/** Event records, one sealed family per topic. Names are past tense; each record validates its required fields. */
@NullMarked
package dev.ota.contracts.events;

import org.jspecify.annotations.NullMarked;
