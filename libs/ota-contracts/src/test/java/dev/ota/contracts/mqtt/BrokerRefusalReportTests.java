package dev.ota.contracts.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BrokerRefusalReportTests {

    private static final String VIN = "WVWZZZ1JZXW000001";

    @Test
    void aTopicTheVehicleChoseCrossesIntactWhateverItsCharacters() {
        String hostile = "ota/v1/WVWZZZ1JZXW000002/status\",\"vin\":\"WVWZZZ1JZXW000003\"}\n\u00e9/#";
        var report = new BrokerRefusalReport(VIN, "publish_denied", hostile);

        assertThat(BrokerRefusalReport.parse(report.payload())).contains(report);
        assertThat(report.topic()).isEqualTo(hostile);
    }

    @Test
    void aLongTopicIsCutAndStillReads() {
        var report = new BrokerRefusalReport(VIN, "subscribe_denied", "\u00e9".repeat(70_000));

        assertThat(report.topic()).hasSize(BrokerRefusalReport.TOPIC_LIMIT);
        assertThat(BrokerRefusalReport.parse(report.payload())).contains(report);
    }

    @Test
    void whatIsNotAReportIsNone() {
        assertThat(BrokerRefusalReport.parse(
                        "{\"vin\":\"short\",\"refusal\":\"x\",\"topic\":\"\"}".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(BrokerRefusalReport.parse("garbage".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
    }
}
