package io.peerexchange.benchmarks.results;

import java.util.Arrays;

/** Order statistics of a sample; every benchmark reports medians (the machine is shared). */
public final class Stats {
    private Stats() {}

    public static double median(double[] sample) {
        return percentile(sample, 50);
    }

    /** Nearest-rank percentile, {@code p} in (0, 100]. */
    public static double percentile(double[] sample, double p) {
        if (sample.length == 0) {
            throw new IllegalArgumentException("empty sample");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    public static double[] nanosToMicros(long[] nanos) {
        double[] micros = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            micros[i] = nanos[i] / 1e3;
        }
        return micros;
    }

    public static double[] nanosToMillis(long[] nanos) {
        double[] millis = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            millis[i] = nanos[i] / 1e6;
        }
        return millis;
    }
}
