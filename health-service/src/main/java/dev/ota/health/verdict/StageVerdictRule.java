package dev.ota.health.verdict;

import dev.ota.contracts.WilsonScoreBound;
import dev.ota.contracts.events.VerdictOutcome;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides a cohort's verdict from its counters. Failures are known the moment they happen, successes only after the
 * soak time; the rule is built so that this asymmetry cannot fool it:
 *
 * <ul>
 *   <li><b>FAIL</b> as soon as the Wilson <em>lower</em> bound of the failure rate is above the threshold, counting the
 *       vehicles still soaking as (provisional) successes, once at least the minimum sample has rebooted or failed. The
 *       failure rate is thus never over-estimated, yet a bad release stops early without waiting for soaks.
 *   <li><b>PASS</b> only when every vehicle of the stage has a final outcome and the Wilson <em>upper</em> bound on
 *       confirmed, soaked outcomes is at or below the threshold, with at least the minimum sample.
 *   <li><b>INSUFFICIENT_DATA</b> when the stage finished but neither holds: too few samples, or a bound that straddles
 *       the threshold (a 40-car canary with 0 failures cannot prove a rate below 5% at 95%: its upper bound is 6.3%).
 *   <li>Otherwise no verdict yet.
 * </ul>
 */
final class StageVerdictRule {

    private StageVerdictRule() {}

    static Optional<Verdict> decide(Tally tally, boolean stageComplete, StageCriteria criteria) {
        MinimumSampleRule minimum = new MinimumSampleRule(criteria.minSamples());
        double threshold = criteria.maxFailureRate();
        long failures = tally.failures();
        long exposed = tally.healthy() + failures + tally.soaking();
        WilsonScoreBound early = WilsonScoreBound.of(failures, exposed, criteria.confidence());
        if (minimum.allows(exposed) && early.lower() > threshold) {
            return Optional.of(new Verdict(
                    VerdictOutcome.FAIL,
                    exposed,
                    failures,
                    early.upper(),
                    early.lower(),
                    threshold,
                    String.format(
                            Locale.ROOT,
                            "wilson-lower-bound(%.2f)=%.4f > max-failure-rate %.4f; %s (%d still soaking)",
                            criteria.confidence(),
                            early.lower(),
                            threshold,
                            minimum.explain(exposed),
                            tally.soaking())));
        }
        if (!stageComplete) {
            return Optional.empty();
        }
        long samples = tally.healthy() + failures;
        WilsonScoreBound bound = WilsonScoreBound.of(failures, samples, criteria.confidence());
        if (!minimum.allows(samples)) {
            return Optional.of(new Verdict(
                    VerdictOutcome.INSUFFICIENT_DATA,
                    samples,
                    failures,
                    bound.upper(),
                    bound.lower(),
                    threshold,
                    minimum.explain(samples)));
        }
        if (bound.upper() <= threshold) {
            return Optional.of(new Verdict(
                    VerdictOutcome.PASS,
                    samples,
                    failures,
                    bound.upper(),
                    bound.lower(),
                    threshold,
                    String.format(
                            Locale.ROOT,
                            "wilson-upper-bound(%.2f)=%.4f <= max-failure-rate %.4f; %s",
                            criteria.confidence(),
                            bound.upper(),
                            threshold,
                            minimum.explain(samples))));
        }
        return Optional.of(new Verdict(
                VerdictOutcome.INSUFFICIENT_DATA,
                samples,
                failures,
                bound.upper(),
                bound.lower(),
                threshold,
                String.format(
                        Locale.ROOT,
                        "inconclusive: wilson-upper-bound(%.2f)=%.4f > max-failure-rate %.4f >= lower bound %.4f; %s",
                        criteria.confidence(),
                        bound.upper(),
                        threshold,
                        bound.lower(),
                        minimum.explain(samples))));
    }
}
