package dev.ota.launcher.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTests {

    @Test
    void defaultsToAThousandVehiclesKeptRunningOnTheDemoDataDirectory() {
        DemoOptions options = DemoOptions.parse(new String[0]);

        assertThat(options.vehicles()).isEqualTo(1000);
        assertThat(options.exitWhenDone()).isFalse();
        assertThat(options.dataDirectory().endsWith(java.nio.file.Path.of(".ota-local", "demo")))
                .isTrue();
    }

    @Test
    void readsFleetSizeAndExit() {
        DemoOptions options = DemoOptions.parse(new String[] {"--vehicles", "250", "--exit"});

        assertThat(options.vehicles()).isEqualTo(250);
        assertThat(options.exitWhenDone()).isTrue();
    }

    @Test
    void refusesAFleetTooSmallForAStagedRolloutAndUnknownOptions() {
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--vehicles", "3"}))
                .hasMessageContaining("20..20000");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--vehicles", "many"}))
                .hasMessageContaining("needs a number");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--colour"})).hasMessageContaining("--colour");
    }
}
