package dev.ota.campaign.rollout;

/**
 * What a campaign's vehicles download, as the director offered it (docs/deltas.md): how many vehicles it issued
 * metadata to, how many of them it offered a delta to (at least one ECU), the bytes they download with those deltas,
 * and the bytes the full images would have cost.
 *
 * @param vehiclesIssued vehicles whose director metadata was issued
 * @param vehiclesOfferedDelta of them, those offered a delta for at least one ECU
 * @param downloadBytes bytes the issued vehicles download: the delta where one was offered, else the full image
 * @param fullImageBytes bytes the same vehicles would download without deltas
 */
public record DownloadSavings(
        long vehiclesIssued, long vehiclesOfferedDelta, long downloadBytes, long fullImageBytes) {}
