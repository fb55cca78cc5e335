package dev.ota.systemtests;

import dev.ota.launcher.LocalPlatform;

/** A fault inflicted on the running platform's infrastructure: begun, held for a while, then ended. */
sealed interface PlatformFault {

    /** How figures and logs name it. */
    String name();

    void begin(LocalPlatform platform);

    void end(LocalPlatform platform);

    /** PostgreSQL shut down (fast shutdown: connections closed, new ones refused), then started again. */
    record PostgresStopped() implements PlatformFault {
        @Override
        public String name() {
            return "PostgreSQL stopped";
        }

        @Override
        public void begin(LocalPlatform platform) {
            platform.stopPostgres();
        }

        @Override
        public void end(LocalPlatform platform) {
            platform.startPostgres();
        }
    }

    /** PostgreSQL frozen with SIGSTOP (queries and connects hang, nothing fails), then let run on with SIGCONT. */
    record PostgresFrozen() implements PlatformFault {
        @Override
        public String name() {
            return "PostgreSQL frozen";
        }

        @Override
        public void begin(LocalPlatform platform) {
            platform.freezePostgres();
        }

        @Override
        public void end(LocalPlatform platform) {
            platform.thawPostgres();
        }
    }

    /** The MQTT broker stopped (every vehicle and the gateway disconnected), then started on its persistent data. */
    record MqttBrokerRestarted() implements PlatformFault {
        @Override
        public String name() {
            return "MQTT broker restarted";
        }

        @Override
        public void begin(LocalPlatform platform) {
            platform.stopMqtt();
        }

        @Override
        public void end(LocalPlatform platform) {
            platform.startMqtt();
        }
    }
}
