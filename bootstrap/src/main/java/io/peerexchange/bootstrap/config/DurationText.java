package io.peerexchange.bootstrap.config;

import java.time.Duration;

/**
 * Durations as operators write them: a number and a unit ({@code 500ms}, {@code 10s}, {@code 1m},
 * {@code 1h}), optionally several in a row ({@code 1m30s}).
 */
public final class DurationText {
    private static final int MAX_LENGTH = 32;

    private DurationText() {}

    /**
     * @throws IllegalArgumentException with a message that says what is expected
     */
    public static Duration parse(String text) {
        String problem = "expected a duration like 500ms, 10s, 1m or 1h";
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(problem);
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && Character.isDigit(text.charAt(i)) && text.charAt(i) < 0x80) {
                i++;
            }
            if (i == start || i - start > 9) {
                throw new IllegalArgumentException(problem);
            }
            long amount = Long.parseLong(text.substring(start, i));
            int unitStart = i;
            while (i < text.length() && Character.isLetter(text.charAt(i))) {
                i++;
            }
            total = switch (text.substring(unitStart, i)) {
                case "ms" -> total.plusMillis(amount);
                case "s" -> total.plusSeconds(amount);
                case "m" -> total.plusMinutes(amount);
                case "h" -> total.plusHours(amount);
                default -> throw new IllegalArgumentException(problem);
            };
        }
        return total;
    }

    /** The shortest form that {@link #parse} reads back: {@code 90s} → {@code 1m30s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        int millis = duration.toMillisPart();
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        if (millis > 0) {
            out.append(millis).append("ms");
        }
        return out.toString();
    }
}
