package io.switchboard.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Medians, ranges and paired ratios over the runs of one comparison. */
public final class Stats {
    private Stats() {
    }

    /** The median (mean of the two middle values for an even count); NaN for no values. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public static double sum(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    /**
     * Ratios a[i] / b[i] of runs paired by position (A B A B ...: run i of A ran next to run i of B); pairs
     * where either value is missing (NaN) or b is zero are skipped.
     */
    public static List<Double> pairedRatios(List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            double x = a.get(i);
            double y = b.get(i);
            if (!Double.isNaN(x) && !Double.isNaN(y) && y != 0) {
                ratios.add(x / y);
            }
        }
        return ratios;
    }
}
