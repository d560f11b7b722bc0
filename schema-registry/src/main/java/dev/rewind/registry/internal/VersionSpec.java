package dev.rewind.registry.internal;

/** A version in a request path: a number from 1, or "latest" (also spelled -1, as Confluent accepts). */
public record VersionSpec(int number) {

    public static final VersionSpec LATEST = new VersionSpec(-1);

    public VersionSpec {
        if (number < 1 && number != -1) {
            throw Errors.invalidVersion(Integer.toString(number));
        }
    }

    public boolean isLatest() {
        return number == -1;
    }

    public static VersionSpec parse(String text) {
        if ("latest".equalsIgnoreCase(text)) {
            return LATEST;
        }
        try {
            return new VersionSpec(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw Errors.invalidVersion(text);
        }
    }

    @Override
    public String toString() {
        return isLatest() ? "latest" : Integer.toString(number);
    }
}
