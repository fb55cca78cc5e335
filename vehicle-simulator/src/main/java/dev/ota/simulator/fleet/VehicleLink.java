package dev.ota.simulator.fleet;

import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.mqtt.MqttTopics.Channel;
import java.util.function.Consumer;

/** A vehicle's connection to the platform. Reports published while offline wait and go out on reconnect. */
public interface VehicleLink extends AutoCloseable {

    void publish(Channel channel, OtaEvent event);

    boolean online();

    void goOffline();

    void goOnline();

    @Override
    void close();

    /** Opens links; commands arrive on the callback. */
    @FunctionalInterface
    interface Factory {
        VehicleLink open(String vin, Consumer<VehicleCommand> commands);
    }
}
