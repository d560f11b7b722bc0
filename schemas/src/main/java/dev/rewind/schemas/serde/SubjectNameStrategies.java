package dev.rewind.schemas.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Turns a configured strategy name into an instance; accepts rewind's and Confluent's names. */
final class SubjectNameStrategies {

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private static final Map<String, Class<? extends SubjectNameStrategy>> BUILT_IN = Map.of(
            "TopicNameStrategy", TopicNameStrategy.class,
            "RecordNameStrategy", RecordNameStrategy.class,
            "TopicRecordNameStrategy", TopicRecordNameStrategy.class);

    private SubjectNameStrategies() {
    }

    static void validate(String key, Object value) {
        create(key, (String) value);
    }

    static SubjectNameStrategy create(String key, String name) {
        if (name == null || name.isBlank()) {
            throw new ConfigException(key, name, "a subject name strategy is required; use TopicNameStrategy, "
                    + "RecordNameStrategy or TopicRecordNameStrategy");
        }
        String simple = name.startsWith(CONFLUENT_PACKAGE) ? name.substring(CONFLUENT_PACKAGE.length()) : name;
        if (simple.startsWith(TopicNameStrategy.class.getPackageName() + ".")) {
            simple = simple.substring(TopicNameStrategy.class.getPackageName().length() + 1);
        }
        Class<? extends SubjectNameStrategy> builtIn = BUILT_IN.get(simple);
        try {
            Class<?> type = builtIn != null ? builtIn : Class.forName(name, true, classLoader());
            if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
                throw new ConfigException(key, name, "class does not implement " + SubjectNameStrategy.class.getName());
            }
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, name, "no such class; use TopicNameStrategy, RecordNameStrategy, "
                    + "TopicRecordNameStrategy or the name of a class implementing " + SubjectNameStrategy.class.getName());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, name, "cannot be instantiated (" + e + "); it needs a public no-argument constructor");
        }
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : SubjectNameStrategies.class.getClassLoader();
    }
}
