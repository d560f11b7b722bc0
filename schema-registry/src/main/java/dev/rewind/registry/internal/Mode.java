package dev.rewind.registry.internal;

/** The registry's global mode: READONLY rejects every write with error code 42205. */
public enum Mode {
    READWRITE,
    READONLY;

    public static Mode parse(String text) {
        if (text != null) {
            for (Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(text.trim())) {
                    return mode;
                }
            }
        }
        throw Errors.invalidMode(text);
    }
}
