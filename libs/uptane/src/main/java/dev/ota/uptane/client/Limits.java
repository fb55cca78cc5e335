package dev.ota.uptane.client;

/**
 * Upper bounds for files whose length the client does not know in advance (TUF 1.0 sections 5.3.3, 5.4.1, 5.5.1 and
 * 5.6.1: "download up to some configurable limit"), and for the root rotation chain.
 */
public record Limits(
        long maxRootBytes, long maxTimestampBytes, long maxSnapshotBytes, long maxTargetsBytes, int maxRootRotations) {

    public static final Limits DEFAULT = new Limits(512 * 1024, 16 * 1024, 2 * 1024 * 1024, 5 * 1024 * 1024, 32);
}
