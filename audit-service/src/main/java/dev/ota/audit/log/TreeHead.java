package dev.ota.audit.log;

/** The size of the tree and its root hash (MTH, RFC 9162 §2.1.1) at one moment. */
public record TreeHead(long size, byte[] rootHash) {}
