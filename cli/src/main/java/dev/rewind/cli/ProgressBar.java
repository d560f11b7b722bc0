package dev.rewind.cli;

import java.util.Locale;

/** Renders one line of replay progress: {@code [#####.....]  50.0%  1200/2400  ETA 0:12}. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    static String render(double percent, long done, long total, Long etaSeconds, String state) {
        double clamped = Math.max(0, Math.min(100, percent));
        int filled = (int) Math.round(clamped / 100 * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        return String.format(Locale.ROOT, "[%s] %5.1f%%  %d/%d  ETA %s  %s", bar, clamped, done, total,
                eta(etaSeconds), state);
    }

    static String eta(Long seconds) {
        if (seconds == null || seconds < 0) {
            return "--:--";
        }
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
