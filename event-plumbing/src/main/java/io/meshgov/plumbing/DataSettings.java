package io.meshgov.plumbing;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meshgov.data-dir}: where the embedded default keeps its files (event store, lineage graph,
 * keys; {@code MESHGOV_DATA_DIR} in the container image).
 */
@ConfigurationProperties("meshgov")
public record DataSettings(@DefaultValue("./data") Path dataDir) {}
