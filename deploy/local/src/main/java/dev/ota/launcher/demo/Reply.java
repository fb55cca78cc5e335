package dev.ota.launcher.demo;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An HTTP answer: status and body, with the body as JSON on demand. */
public record Reply(int status, String body) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public JsonNode json() {
        return body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** This reply, or an exception naming the call and what came back. */
    public Reply orFail(String what) {
        if (!ok()) {
            throw new StoryFailure(what + " answered " + status + ": " + body);
        }
        return this;
    }
}
