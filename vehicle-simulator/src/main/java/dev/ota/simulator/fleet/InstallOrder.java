package dev.ota.simulator.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The order a bundle's images install in, as the director signed it (ECU serials); unnamed ECUs go last. */
final class InstallOrder {

    private InstallOrder() {}

    static List<PlannedImage> sorted(List<PlannedImage> plan, List<String> ecuSerials) {
        List<PlannedImage> ordered = new ArrayList<>(plan);
        ordered.sort(Comparator.comparingInt(p -> {
            int rank = ecuSerials.indexOf(p.ecu().serial());
            return rank < 0 ? Integer.MAX_VALUE : rank;
        }));
        return ordered;
    }
}
