package dev.ota.platform.deadletters;

import dev.ota.platform.messaging.InboundConsumer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.ApplicationContext;

/**
 * The service's consumers of a topic, as its Spring Cloud Stream bindings name them ({@code <function>-in-<n>} with
 * that destination), that a replay can call: those built by {@code InboundEvents}. A batch consumer (audit-service's
 * log, the director's asks) or a plain listener is not among them.
 */
public class ReplayableConsumers {

    private static final Pattern INPUT_BINDING = Pattern.compile("(.+)-in-\\d+");

    private final ApplicationContext context;
    private final BindingServiceProperties bindings;

    public ReplayableConsumers(ApplicationContext context, BindingServiceProperties bindings) {
        this.context = context;
        this.bindings = bindings;
    }

    /** The consumers bound to {@code topic}, in binding order. */
    public List<InboundConsumer> of(String topic) {
        List<InboundConsumer> consumers = new ArrayList<>();
        for (Map.Entry<String, BindingProperties> binding :
                bindings.getBindings().entrySet()) {
            Matcher input = INPUT_BINDING.matcher(binding.getKey());
            if (input.matches()
                    && destinations(binding.getValue()).contains(topic)
                    && context.containsBean(input.group(1))
                    && context.getBean(input.group(1)) instanceof InboundConsumer consumer) {
                consumers.add(consumer);
            }
        }
        return consumers;
    }

    /** Every topic an input binding of the service reads. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (Map.Entry<String, BindingProperties> binding :
                bindings.getBindings().entrySet()) {
            if (INPUT_BINDING.matcher(binding.getKey()).matches()) {
                topics.addAll(destinations(binding.getValue()));
            }
        }
        return topics;
    }

    /** Every replayable consumer of the service. */
    public List<InboundConsumer> all() {
        return topics().stream().flatMap(t -> of(t).stream()).distinct().toList();
    }

    private static List<String> destinations(BindingProperties binding) {
        String destination = binding.getDestination();
        return destination == null
                ? List.of()
                : Arrays.stream(destination.split(",")).map(String::trim).toList();
    }
}
