package dev.ota.signing.upload;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The CI upload endpoint ({@code ota.signing.upload.*}).
 *
 * @param maxSize largest accepted image; larger uploads are refused with 413 (before reading when the length is
 *     declared, otherwise as soon as the limit is crossed)
 * @param blobDir where image bytes are stored, one file per SHA-256; temp files are written there too so the final
 *     move is an atomic rename
 */
@ConfigurationProperties("ota.signing.upload")
public record UploadProperties(@DefaultValue("4GB") DataSize maxSize, Path blobDir) {}
