package io.peerexchange.adapters.controlplane.gojson;

import java.time.Duration;

/**
 * Go's {@code time.Duration.String()}: {@code 72h15m0s}, {@code 3m7.5s}, {@code 1.5ms}, {@code 0s}.
 * Below a second the largest unit of {@code ms}, {@code µs}, {@code ns} that keeps an integer part is
 * used; the fraction has no trailing zeros and no point when it is zero.
 */
public final class GoDuration {
    private static final long SECOND = 1_000_000_000L;

    private GoDuration() {}

    /**
     * @throws ArithmeticException when the duration does not fit Go's int64 nanoseconds (about 292
     *     years)
     */
    public static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        // Long.MIN_VALUE has no positive counterpart; unsigned arithmetic handles it as Go does.
        long u = negative ? -nanos : nanos;
        StringBuilder out = new StringBuilder(24);
        if (Long.compareUnsigned(u, SECOND) < 0) {
            if (u < 1_000L) {
                out.append(u).append("ns");
            } else if (u < 1_000_000L) {
                appendFraction(out, u, 3).append("µs");
            } else {
                appendFraction(out, u, 6).append("ms");
            }
        } else {
            long fraction = Long.remainderUnsigned(u, SECOND);
            long seconds = Long.divideUnsigned(u, SECOND);
            long minutes = seconds / 60;
            long hours = minutes / 60;
            if (hours > 0) {
                out.append(hours).append('h');
            }
            if (minutes > 0) {
                out.append(minutes % 60).append('m');
            }
            out.append(seconds % 60);
            appendFractionDigits(out, fraction, 9);
            out.append('s');
        }
        return negative ? "-" + out : out.toString();
    }

    /** {@code value / 10^digits} with the fraction trimmed. */
    private static StringBuilder appendFraction(StringBuilder out, long value, int digits) {
        long scale = pow10(digits);
        out.append(value / scale);
        return appendFractionDigits(out, value % scale, digits);
    }

    private static StringBuilder appendFractionDigits(StringBuilder out, long fraction, int digits) {
        if (fraction == 0) {
            return out;
        }
        String text = Long.toString(fraction);
        StringBuilder padded = new StringBuilder(digits);
        for (int i = text.length(); i < digits; i++) {
            padded.append('0');
        }
        padded.append(text);
        int end = padded.length();
        while (padded.charAt(end - 1) == '0') {
            end--;
        }
        return out.append('.').append(padded, 0, end);
    }

    private static long pow10(int digits) {
        long p = 1;
        for (int i = 0; i < digits; i++) {
            p *= 10;
        }
        return p;
    }
}
