package io.switchboard.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Summarizes result lines of alternating runs: per broker label the median and min-max of each metric, and
 * the median and min-max of the paired ratios first label / other label.
 *
 * <pre>
 * Summarize table FILE.jsonl [LABEL_A LABEL_B]   table of one comparison (labels in order of first appearance)
 * Summarize markdown FILE.jsonl TAG [A B]        the same as a Markdown table, for the lines with that tag
 * Summarize plot-data PATH FILE.jsonl...         TSV matrix for plotting: one row per run configuration, one
 *                                                column per broker label, the median of PATH (e.g. latency_us.p99)
 * </pre>
 */
public final class Summarize {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Summarize() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args[0].equals("plot-data") && args.length < 3) {
            System.err.println("usage: Summarize table FILE.jsonl [LABEL_A LABEL_B] | plot-data PATH FILE.jsonl...");
            System.exit(2);
        }
        List<JsonNode> lines = new ArrayList<>();
        int first = args[0].equals("plot-data") ? 2 : 1;
        int end = args[0].equals("table") || args[0].equals("markdown") ? 2 : args.length;
        for (int i = first; i < end; i++) {
            lines.addAll(read(Path.of(args[i])));
        }
        if (args[0].equals("table")) {
            List<String> labels = args.length >= 4 ? List.of(args[2], args[3]) : labelsOf(lines);
            System.out.print(table(lines, labels, false));
        } else if (args[0].equals("markdown") && args.length >= 3) {
            List<JsonNode> tagged = lines.stream().filter(l -> args[2].equals(l.path("tag").asText())).toList();
            List<String> labels = args.length >= 5 ? List.of(args[3], args[4]) : labelsOf(tagged);
            System.out.print(table(tagged, labels, true));
        } else if (args[0].equals("plot-data")) {
            System.out.print(plotData(lines, new Metric(args[1], args[1], true, false)));
        } else {
            System.err.println("unknown mode " + args[0]);
            System.exit(2);
        }
    }

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    static List<String> labelsOf(List<JsonNode> lines) {
        List<String> labels = new ArrayList<>();
        for (JsonNode line : lines) {
            String label = line.path("label").asText();
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        return labels;
    }

    /** The comparison table: one row per metric, columns per label, then ratio first/second label. */
    public static String table(List<JsonNode> lines, List<String> labels) {
        return table(lines, labels, false);
    }

    /** The table as aligned text, or as Markdown. */
    public static String table(List<JsonNode> lines, List<String> labels, boolean markdown) {
        String cellFormat = markdown ? " | %s" : " | %-30s";
        String start = markdown ? "| " : "";
        String end = markdown ? " |\n" : "\n";
        boolean conns = !lines.isEmpty() && "conns".equals(lines.get(0).path("scenario").asText());
        List<Metric> metrics = conns ? Metric.CONNS : Metric.THROUGHPUT;
        Map<String, List<JsonNode>> byLabel = new LinkedHashMap<>();
        for (String label : labels) {
            byLabel.put(label, new ArrayList<>());
        }
        for (JsonNode line : lines) {
            List<JsonNode> runs = byLabel.get(line.path("label").asText());
            if (runs != null) {
                runs.add(line);
            }
        }
        StringBuilder out = new StringBuilder(start);
        out.append(String.format(Locale.ROOT, markdown ? "%s" : "%-24s", "metric"));
        for (String label : labels) {
            out.append(String.format(Locale.ROOT, cellFormat, label + " (n=" + byLabel.get(label).size() + ")"));
        }
        if (labels.size() == 2) {
            out.append(" | ratio ").append(labels.get(0)).append('/').append(labels.get(1)).append(" paired");
        }
        out.append(end);
        if (markdown) {
            out.append("|---".repeat(1 + labels.size() + (labels.size() == 2 ? 1 : 0))).append("|\n");
        }
        for (Metric m : metrics) {
            List<List<Double>> columns = new ArrayList<>();
            for (String label : labels) {
                columns.add(values(byLabel.get(label), m));
            }
            if (columns.stream().allMatch(List::isEmpty)) {
                continue;
            }
            out.append(start).append(String.format(Locale.ROOT, markdown ? "%s" : "%-24s", m.title()));
            for (List<Double> col : columns) {
                out.append(String.format(Locale.ROOT, cellFormat, cell(col, m)));
            }
            if (labels.size() == 2 && !m.summed()) {
                List<Double> ratios = Stats.pairedRatios(valuesOrNaN(byLabel.get(labels.get(0)), m),
                        valuesOrNaN(byLabel.get(labels.get(1)), m));
                out.append(" | ").append(ratios.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2fx [%.2f-%.2f]%s",
                        Stats.median(ratios), Stats.min(ratios), Stats.max(ratios),
                        m.higherIsBetter() ? "" : " (lower is better)"));
            } else if (markdown && labels.size() == 2) {
                out.append(" | ");
            }
            out.append(end);
        }
        return out.toString();
    }

    /**
     * A tab-separated matrix: header {@code config} then the labels in order of first appearance; one row per
     * run configuration with the median of the metric per label, {@code ?} where a label has no run.
     */
    static String plotData(List<JsonNode> lines, Metric metric) {
        Map<String, Map<String, List<JsonNode>>> groups = new LinkedHashMap<>();
        List<String> labels = new ArrayList<>();
        for (JsonNode line : lines) {
            if ("conns".equals(line.path("scenario").asText())) {
                continue;
            }
            String label = line.path("label").asText();
            if (!labels.contains(label)) {
                labels.add(label);
            }
            groups.computeIfAbsent(config(line), k -> new LinkedHashMap<>())
                    .computeIfAbsent(label, k -> new ArrayList<>()).add(line);
        }
        StringBuilder out = new StringBuilder("config");
        for (String label : labels) {
            out.append('\t').append(label);
        }
        out.append('\n');
        groups.forEach((config, byLabel) -> {
            out.append('"').append(config).append('"');
            for (String label : labels) {
                List<JsonNode> runs = byLabel.get(label);
                double median = runs == null ? Double.NaN : Stats.median(values(runs, metric));
                out.append('\t').append(Double.isNaN(median) ? "?" : String.format(Locale.ROOT, "%.0f", median));
            }
            out.append('\n');
        });
        return out.toString();
    }

    /**
     * A short name for the run's parameters, e.g. {@code fanin q1 64B 10x1 open}, or for the AMQP queue
     * {@code queue unsettled durable 1024B 4x4 open w256} (w: each producer's window).
     */
    static String config(JsonNode line) {
        double rate = line.path("rate_target").asDouble();
        if ("queue".equals(line.path("scenario").asText())) {
            return String.format(Locale.ROOT, "queue %s%s %dB %dx%d %s w%d", line.path("settlement").asText(),
                    line.path("durable").asBoolean() ? " durable" : "", line.path("payload").asInt(),
                    line.path("publishers").asInt(), line.path("subscribers").asInt(),
                    rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "open", line.path("inflight").asInt());
        }
        return String.format(Locale.ROOT, "%s q%d %dB %dx%d %s v%d", line.path("scenario").asText(),
                line.path("qos").asInt(), line.path("payload").asInt(), line.path("publishers").asInt(),
                line.path("subscribers").asInt(), rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "open",
                line.path("mqtt_version").asInt());
    }

    private static String cell(List<Double> values, Metric m) {
        if (values.isEmpty()) {
            return "-";
        }
        if (m.summed()) {
            return format(Stats.sum(values));
        }
        return format(Stats.median(values)) + " [" + format(Stats.min(values)) + "-" + format(Stats.max(values)) + "]";
    }

    private static String format(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static List<Double> values(List<JsonNode> runs, Metric m) {
        List<Double> values = new ArrayList<>();
        for (JsonNode run : runs) {
            double v = m.valueIn(run);
            if (!Double.isNaN(v)) {
                values.add(v);
            }
        }
        return values;
    }

    private static List<Double> valuesOrNaN(List<JsonNode> runs, Metric m) {
        List<Double> values = new ArrayList<>();
        for (JsonNode run : runs) {
            values.add(m.valueIn(run));
        }
        return values;
    }
}
