package dev.rewind.engine.runtime;

import dev.rewind.engine.config.EngineConfig;
import dev.rewind.engine.processor.EventProcessor;
import dev.rewind.engine.processor.ProcessorSupplier;
import java.lang.reflect.Constructor;

/** Processors named by class ({@code processor.class}, a shadow run's {@code --processor-class}). */
public final class ProcessorClasses {

    private ProcessorClasses() {
    }

    /**
     * A supplier creating a new instance of {@code type} on every call (the live processor and each dry
     * or shadow run's own one), after checking once that the class can be created.
     *
     * @throws IllegalArgumentException naming {@value EngineConfig#PROCESSOR_CLASS_CONFIG} and the fix when
     *     the class is missing, does not implement {@link EventProcessor} or has no public no-argument
     *     constructor
     */
    public static ProcessorSupplier supplier(Class<?> type) {
        if (type == null) {
            throw new IllegalArgumentException(EngineConfig.PROCESSOR_CLASS_CONFIG + " is required to run"
                    + " from the command line; set it to the class implementing EventProcessor");
        }
        if (!EventProcessor.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(EngineConfig.PROCESSOR_CLASS_CONFIG + "='" + type.getName()
                    + "' does not implement " + EventProcessor.class.getName() + "; name the processor class");
        }
        Constructor<? extends EventProcessor> constructor;
        try {
            constructor = type.asSubclass(EventProcessor.class).getConstructor();
            constructor.newInstance().close();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(EngineConfig.PROCESSOR_CLASS_CONFIG + "='" + type.getName()
                    + "' cannot be created (" + e + "); give it a public no-argument constructor", e);
        }
        return () -> {
            try {
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(EngineConfig.PROCESSOR_CLASS_CONFIG + "='" + type.getName()
                        + "' cannot be created (" + e + ")", e);
            }
        };
    }
}
