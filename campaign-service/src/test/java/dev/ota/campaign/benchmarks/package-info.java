/** Load runs on a 100,000-vehicle registry; not part of the normal test run (see docs/campaign-service.md). */
@NullMarked
package dev.ota.campaign.benchmarks;

import org.jspecify.annotations.NullMarked;
