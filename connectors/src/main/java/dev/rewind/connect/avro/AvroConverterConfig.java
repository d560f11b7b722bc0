package dev.rewind.connect.avro;

import dev.rewind.schemas.serde.AvroSerdeConfig;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Settings of {@link AvroConverter}: every setting of rewind's Avro serde ({@link AvroSerdeConfig}:
 * {@code schema.registry.url}, {@code auto.register.schemas}, {@code use.latest.version},
 * {@code key.subject.name.strategy}, {@code value.subject.name.strategy}, {@code basic.auth.user.info},
 * ...) under the names Confluent's {@code AvroConverter} uses, plus the converter's own schema cache
 * size. A worker passes them with the {@code key.converter.} or {@code value.converter.} prefix removed.
 */
public final class AvroConverterConfig extends AbstractConfig {

    public static final String SCHEMAS_CACHE_SIZE_CONFIG = "schemas.cache.config";
    public static final int SCHEMAS_CACHE_SIZE_DEFAULT = 1000;
    public static final String SCHEMAS_CACHE_SIZE_DOC = "Connect and Avro schemas remembered in each direction "
            + "(Confluent's name for the setting). Default " + SCHEMAS_CACHE_SIZE_DEFAULT + ".";

    /** The serde's settings plus the converter's own. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef(AvroSerdeConfig.CONFIG_DEF)
            .define(SCHEMAS_CACHE_SIZE_CONFIG, Type.INT, SCHEMAS_CACHE_SIZE_DEFAULT, ConfigDef.Range.atLeast(1),
                    Importance.LOW, SCHEMAS_CACHE_SIZE_DOC);

    /** @throws org.apache.kafka.common.config.ConfigException naming the key, the bad value and the fix */
    public AvroConverterConfig(Map<String, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }
}
