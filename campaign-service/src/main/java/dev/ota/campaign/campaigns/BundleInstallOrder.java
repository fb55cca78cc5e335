package dev.ota.campaign.campaigns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the order a bundle's ECUs install in: an ECU installs after every ECU of the bundle it requires, and the
 * declared install order is kept; among ECUs free to go next, the one the declared order names first goes, then the
 * bundle's image order. A cycle (dependencies alone, or against the declared order) has no order and is refused.
 */
final class BundleInstallOrder {

    private BundleInstallOrder() {}

    /** @throws IllegalArgumentException naming the cycle when there is no order */
    static List<String> resolve(List<UpdateBundle.Image> images, List<String> declared) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            rank.put(declared.get(i), i);
        }
        for (int i = 0; i < images.size(); i++) {
            rank.putIfAbsent(images.get(i).hardwareId(), declared.size() + i);
        }
        // before.get(x): the ECUs that must install before x
        Map<String, Set<String>> before = new LinkedHashMap<>();
        images.forEach(image -> before.put(image.hardwareId(), new LinkedHashSet<>()));
        for (UpdateBundle.Image image : images) {
            for (UpdateBundle.Dependency dependency : image.requires()) {
                if (dependency.hardwareId().equals(image.hardwareId())) {
                    throw new IllegalArgumentException(
                            "bundle image for '" + image.hardwareId() + "' requires itself: a dependency cycle");
                }
                if (before.containsKey(dependency.hardwareId())) {
                    needs(before, image.hardwareId()).add(dependency.hardwareId());
                }
            }
        }
        for (int i = 1; i < declared.size(); i++) {
            needs(before, declared.get(i)).add(declared.get(i - 1));
        }
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (order.size() < before.size()) {
            String next = before.keySet().stream()
                    .filter(id -> !placed.contains(id) && placed.containsAll(needs(before, id)))
                    .min(java.util.Comparator.comparingInt(rank::get))
                    .orElseThrow(() -> new IllegalArgumentException(
                            "bundle dependencies and installOrder form a cycle: " + cycle(before, placed)));
            order.add(next);
            placed.add(next);
        }
        return order;
    }

    private static Set<String> needs(Map<String, Set<String>> before, String hardwareId) {
        return java.util.Objects.requireNonNull(before.get(hardwareId), hardwareId);
    }

    /** One cycle among the ECUs not placed, as {@code a -> b -> a}: a installs after b, which installs after a. */
    private static String cycle(Map<String, Set<String>> before, Set<String> placed) {
        String start = before.keySet().stream()
                .filter(id -> !placed.contains(id))
                .findFirst()
                .orElseThrow();
        List<String> path = new ArrayList<>();
        String current = start;
        while (!path.contains(current)) {
            path.add(current);
            current = needs(before, current).stream()
                    .filter(id -> !placed.contains(id))
                    .findFirst()
                    .orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        loop.add(current);
        return String.join(" -> ", loop) + " (each installs after the next)";
    }
}
