package dev.ota.simulator.fleet;

import dev.ota.contracts.events.DirectorMetadataAnswered;
import dev.ota.contracts.events.OtaEvent;
import dev.ota.contracts.mqtt.MqttTopics.Channel;

/** A vehicle's connection to the platform. Reports published while offline wait and go out on reconnect. */
public interface VehicleLink extends AutoCloseable {

    void publish(Channel channel, OtaEvent event);

    /**
     * Asks the director for this vehicle's metadata, naming the targets version it holds (the director answers only
     * with newer ones). Dropped while offline: the vehicle asks again when it is back.
     */
    void askDirector(long knownTargetsVersion);

    boolean online();

    void goOffline();

    void goOnline();

    @Override
    void close();

    /** What the platform sends a vehicle, and when its session is there. */
    interface Listener {

        void command(VehicleCommand command);

        void directorAnswer(DirectorMetadataAnswered answer);

        /** The session (re)connected, with its subscriptions in place. */
        void connected();
    }

    /** Opens links; what the platform sends arrives on the listener. */
    @FunctionalInterface
    interface Factory {
        VehicleLink open(String vin, Listener listener);
    }
}
