/** REST API: a stage's health now and over time, failures by reason, and its verdicts. */
@NullMarked
package dev.ota.health.web;

import org.jspecify.annotations.NullMarked;
