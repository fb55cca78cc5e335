package dev.ota.health.verdict;

/** No verdict, either way, on fewer finished vehicles than the stage's minimum sample: one flake is not a signal. */
record MinimumSampleRule(int minSamples) {

    boolean allows(long samples) {
        return samples >= minSamples;
    }

    String explain(long samples) {
        return "minimum-sample: n=" + samples + (allows(samples) ? " >= " : " < ") + minSamples;
    }
}
