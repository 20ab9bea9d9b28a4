package io.peerexchange.devtools.controlplane;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Timestamps as Go's {@code time.Time} marshals them (RFC 3339 with nanoseconds, trailing zeros of
 * the fraction trimmed, none when zero, {@code Z} for a zero offset, {@code ±hh:mm} otherwise), and
 * Go duration strings ({@code 30s}, {@code 1m30s}, {@code 1.5h}, {@code 500ms}).
 */
public final class GoTime {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private GoTime() {}

    /** The JSON string content (no quotes) Go writes for this time. */
    public static String format(OffsetDateTime time) {
        StringBuilder out = new StringBuilder(SECONDS.format(time));
        int nanos = time.getNano();
        if (nanos != 0) {
            String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
            out.append('.').append(fraction);
        }
        ZoneOffset offset = time.getOffset();
        if (offset.getTotalSeconds() == 0) {
            out.append('Z');
        } else {
            int minutes = Math.abs(offset.getTotalSeconds()) / 60;
            out.append(offset.getTotalSeconds() < 0 ? '-' : '+')
                    .append(String.format("%02d:%02d", minutes / 60, minutes % 60));
        }
        return out.toString();
    }

    public static String format(Instant time) {
        return format(time.atOffset(ZoneOffset.UTC));
    }

    /**
     * Reads an RFC 3339 timestamp with offset.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static OffsetDateTime parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 timestamp with offset: " + text);
        }
    }
}
