package dev.ota.campaign.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Splits a campaign's vehicles into stage cohorts so that every stage is a proportional sample of every stratum
 * (model x region x ECU hardware ids): a 1% canary covers each stratum in proportion, not just the first VINs. Within
 * a stratum the order is a shuffle seeded by the campaign, so the split is reproducible.
 */
final class Stratifier {

    /** A vehicle and the stratum it belongs to. */
    record Candidate(String vin, String stratum) {}

    private Stratifier() {}

    /**
     * Assigns each candidate a stage (1-based).
     *
     * @param stageSizes each stage's own planned size; the last stage takes whatever remains
     * @param seed the shuffle seed (e.g. derived from the campaign id)
     */
    static Map<String, Integer> assign(List<Candidate> candidates, List<Integer> stageSizes, long seed) {
        int total = candidates.size();
        Map<String, List<String>> strata = new TreeMap<>();
        for (Candidate candidate : candidates) {
            strata.computeIfAbsent(candidate.stratum(), s -> new ArrayList<>()).add(candidate.vin());
        }
        Random random = new Random(seed);
        for (List<String> vins : strata.values()) {
            Collections.sort(vins);
            Collections.shuffle(vins, random);
        }
        List<List<String>> strataInOrder = new ArrayList<>(strata.values());
        int[] sizes = strataInOrder.stream().mapToInt(List::size).toArray();
        int[] previous = new int[strataInOrder.size()];
        Map<String, Integer> stageOf = new HashMap<>();
        int cumulative = 0;
        for (int stage = 1; stage <= stageSizes.size(); stage++) {
            cumulative = stage == stageSizes.size() ? total : Math.min(total, cumulative + stageSizes.get(stage - 1));
            int[] quota = allocate(cumulative, sizes, stage == 1);
            for (int s = 0; s < strataInOrder.size(); s++) {
                int upTo = Math.max(quota[s], previous[s]);
                List<String> vins = strataInOrder.get(s);
                for (int i = previous[s]; i < upTo; i++) {
                    stageOf.put(vins.get(i), stage);
                }
                previous[s] = upTo;
            }
        }
        return stageOf;
    }

    /**
     * Largest-remainder apportionment of {@code seats} over strata by size. The first stage gives every stratum at
     * least one vehicle when there are seats enough, taking them from the strata with the most.
     */
    static int[] allocate(int seats, int[] sizes, boolean coverEveryStratum) {
        long total = 0;
        for (int size : sizes) {
            total += size;
        }
        int[] quota = new int[sizes.length];
        if (total == 0) {
            return quota;
        }
        double[] remainders = new double[sizes.length];
        int given = 0;
        for (int s = 0; s < sizes.length; s++) {
            double exact = (double) seats * sizes[s] / total;
            quota[s] = (int) Math.floor(exact);
            remainders[s] = exact - quota[s];
            given += quota[s];
        }
        List<Integer> order = new ArrayList<>();
        for (int s = 0; s < sizes.length; s++) {
            order.add(s);
        }
        order.sort(Comparator.comparingDouble((Integer s) -> -remainders[s]).thenComparing(s -> s));
        for (int i = 0; given < seats && i < order.size(); i++) {
            int s = order.get(i);
            if (quota[s] < sizes[s]) {
                quota[s]++;
                given++;
            }
        }
        if (coverEveryStratum && seats >= sizes.length) {
            for (int s = 0; s < sizes.length; s++) {
                if (quota[s] == 0 && sizes[s] > 0) {
                    int donor = -1;
                    for (int d = 0; d < sizes.length; d++) {
                        if (quota[d] > 1 && (donor < 0 || quota[d] > quota[donor])) {
                            donor = d;
                        }
                    }
                    if (donor < 0) {
                        break;
                    }
                    quota[donor]--;
                    quota[s]++;
                }
            }
        }
        return quota;
    }
}
