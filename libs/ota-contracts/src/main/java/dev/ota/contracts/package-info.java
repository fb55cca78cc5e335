/** The wire contracts shared by every service: event records, Kafka topic names, header keys and JSON codec. */
@NullMarked
package dev.ota.contracts;

import org.jspecify.annotations.NullMarked;
