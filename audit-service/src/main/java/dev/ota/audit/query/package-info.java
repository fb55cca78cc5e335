/**
 * R156 queries for auditors: a vehicle's software history per ECU (configuration before and after each update, with
 * image hashes, campaign and outcome), a campaign's full record, and events by time range and type. Every item names
 * the log entries (index and leaf hash) it rests on, so it can be proven with the proof endpoints or an export.
 */
@NullMarked
package dev.ota.audit.query;

import org.jspecify.annotations.NullMarked;
