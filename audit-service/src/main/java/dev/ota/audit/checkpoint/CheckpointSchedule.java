package dev.ota.audit.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Signs a checkpoint every {@code ota.audit.checkpoint.interval} when the log has grown. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class CheckpointSchedule {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

    private final Checkpoints checkpoints;

    CheckpointSchedule(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Scheduled(
            initialDelayString = "${ota.audit.checkpoint.interval}",
            fixedDelayString = "${ota.audit.checkpoint.interval}")
    void signPeriodically() {
        try {
            checkpoints
                    .signIfGrown()
                    .ifPresent(c -> log.info(
                            "signed checkpoint of {} entries", c.checkpoint().treeSize()));
        } catch (RuntimeException e) {
            log.warn("periodic checkpoint failed; will try again next interval", e);
        }
    }
}
