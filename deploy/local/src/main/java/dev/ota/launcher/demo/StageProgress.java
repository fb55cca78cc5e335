package dev.ota.launcher.demo;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * Turns a campaign's state and stages into progress lines: at once when a state changes, otherwise at most every few
 * seconds while the counts move.
 */
final class StageProgress {

    private static final long QUIET_NANOS = 5_000_000_000L;

    private final Consumer<String> out;
    private String lastStates = "";
    private String lastLine = "";
    private long lastPrinted;

    StageProgress(Consumer<String> out) {
        this.out = out;
    }

    void report(String state, JsonNode stages) {
        StringJoiner states = new StringJoiner(" ");
        StringJoiner line = new StringJoiner(" | ", state + "  ", "");
        for (JsonNode stage : stages) {
            String stageState = stage.path("state").asString();
            states.add(stageState);
            Map<String, Long> counts = new TreeMap<>();
            stage.path("vehicles")
                    .properties()
                    .forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
            StringJoiner numbers = new StringJoiner(", ");
            counts.forEach((status, count) -> {
                if (count > 0) {
                    numbers.add(count + " " + status.toLowerCase());
                }
            });
            String verdict = stage.path("verdict").isString()
                    ? " " + stage.path("verdict").asString()
                    : "";
            line.add("stage " + stage.path("stage").asInt() + "/" + stages.size() + " " + stageState + verdict + " ("
                    + stage.path("planned").asInt() + " planned" + (numbers.length() == 0 ? "" : ": " + numbers)
                    + ")");
        }
        String key = state + " " + states;
        String text = line.toString();
        long now = System.nanoTime();
        boolean stateChanged = !key.equals(lastStates);
        if (stateChanged || (!text.equals(lastLine) && now - lastPrinted > QUIET_NANOS)) {
            out.accept(text);
            lastStates = key;
            lastLine = text;
            lastPrinted = now;
        }
    }
}
