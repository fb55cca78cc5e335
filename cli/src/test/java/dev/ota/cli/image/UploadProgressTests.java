package dev.ota.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UploadProgressTests {

    @Test
    void drawsABarWithThePercentageAndMebibytesSentOfTheTotal() {
        assertThat(UploadProgress.bar("ecm 4.2.0", 12L << 20, 24L << 20))
                .isEqualTo("ecm 4.2.0 [###############...............]  50% 12.0/24.0 MiB");
        assertThat(UploadProgress.bar("empty", 0, 0)).contains("100%");
    }
}
