package dev.ota.campaign.dashboard;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live updates for open dashboards by server-sent events. Each subscription (the campaign list, or one campaign) is
 * rendered once a tick and sent only when it changed, so a quiet campaign costs one query a second and no traffic.
 */
@Component
class DashboardStream {

    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);
    private static final String LIST = "list";
    private static final long TIMEOUT_MS = 30 * 60 * 1000L;

    private final DashboardViews views;
    private final JsonMapper json;
    private final Map<String, CopyOnWriteArrayList<SseEmitter>> emitters = new ConcurrentHashMap<>();
    private final Map<String, String> lastSent = new ConcurrentHashMap<>();

    DashboardStream(DashboardViews views, JsonMapper json) {
        this.views = views;
        this.json = json;
    }

    SseEmitter list() {
        return subscribe(LIST);
    }

    SseEmitter campaign(UUID id) {
        return subscribe(id.toString());
    }

    private SseEmitter subscribe(String key) {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        emitters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(emitter);
        Runnable remove =
                () -> emitters.getOrDefault(key, new CopyOnWriteArrayList<>()).remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(error -> remove.run());
        render(key).ifPresent(body -> send(emitter, body));
        return emitter;
    }

    @Scheduled(fixedDelayString = "${ota.campaign.dashboard.push-interval:1s}")
    void push() {
        emitters.forEach((key, subscribers) -> {
            if (subscribers.isEmpty()) {
                lastSent.remove(key);
                return;
            }
            render(key).ifPresent(body -> {
                if (!Objects.equals(lastSent.put(key, body), body)) {
                    subscribers.forEach(emitter -> send(emitter, body));
                }
            });
        });
    }

    private Optional<String> render(String key) {
        try {
            Supplier<Object> view = LIST.equals(key) ? views::list : () -> views.snapshot(UUID.fromString(key));
            return Optional.of(json.writeValueAsString(view.get()));
        } catch (RuntimeException e) {
            log.debug("dashboard view {} not rendered: {}", key, e.toString());
            return Optional.empty();
        }
    }

    private static void send(SseEmitter emitter, String body) {
        try {
            emitter.send(SseEmitter.event().name("snapshot").data(body));
        } catch (IOException | IllegalStateException e) {
            emitter.completeWithError(e);
        }
    }
}
