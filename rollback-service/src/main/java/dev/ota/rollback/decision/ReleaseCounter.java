package dev.ota.rollback.decision;

/**
 * Uptane anti-rollback: an ECU refuses an image whose release counter is lower than the one it runs. A rollback is
 * therefore a re-release of the old image under a counter above both the failing image's and the old image's own, so
 * the vehicle accepts it without ever switching its rollback protection off.
 */
final class ReleaseCounter {

    private ReleaseCounter() {}

    static long reRelease(long failingImageCounter, long oldImageCounter) {
        return Math.addExact(Math.max(failingImageCounter, oldImageCounter), 1);
    }
}
