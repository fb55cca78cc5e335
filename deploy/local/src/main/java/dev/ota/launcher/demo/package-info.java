/**
 * The story of issue 8 told through the platform's public interfaces only (REST and the simulator's control API): CI
 * uploads, a release engineer co-signs and plans a staged campaign, a second person approves it, fleet operations run
 * it, an auditor verifies the log. {@link dev.ota.launcher.demo.OtaStory} holds the steps, shared by {@code ota demo}
 * and the black-box system tests.
 */
@NullMarked
package dev.ota.launcher.demo;

import org.jspecify.annotations.NullMarked;
