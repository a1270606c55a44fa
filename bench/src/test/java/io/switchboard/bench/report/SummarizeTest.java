package io.switchboard.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummarizeTest {

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(Stats.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Stats.median(List.of())).isNaN();
    }

    @Test
    void pairedRatiosSkipMissingValuesAndZeroDenominators() {
        List<Double> ratios = Stats.pairedRatios(List.of(10.0, 20.0, Double.NaN, 8.0), List.of(5.0, 0.0, 1.0, 4.0, 9.0));
        assertThat(ratios).containsExactly(2.0, 2.0);
    }

    @Test
    void tableShowsMediansRangesAndPairedRatios() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        double[][] runs = {{300, 100}, {200, 100}, {330, 110}};
        for (double[] pair : runs) {
            lines.add(json.readTree("{\"label\":\"a\",\"scenario\":\"fanin\",\"delivered_per_s\":" + pair[0]
                    + ",\"losses\":1,\"latency_us\":{\"p99\":50}}"));
            lines.add(json.readTree("{\"label\":\"b\",\"scenario\":\"fanin\",\"delivered_per_s\":" + pair[1]
                    + ",\"losses\":0,\"latency_us\":{\"p99\":100}}"));
        }
        String table = Summarize.table(lines, List.of("a", "b"));
        assertThat(table).contains("a (n=3)").contains("b (n=3)");
        assertThat(table).containsPattern("delivered msg/s +\\| 300 \\[200-330\\] +\\| 100 \\[100-110\\] +\\| "
                + "3\\.00x \\[2\\.00-3\\.00\\]");
        assertThat(table).containsPattern("latency p99 us +\\| 50 \\[50-50\\] +\\| 100 \\[100-100\\] +\\| 0\\.50x");
        assertThat(table).containsPattern("lost \\(sum\\) +\\| 3 +\\| 0 ");
        assertThat(table).doesNotContain("sent msg/s");

        String markdown = Summarize.table(lines, List.of("a", "b"), true);
        assertThat(markdown).startsWith("| metric | a (n=3) | b (n=3) | ratio a/b paired |\n|---|---|---|---|\n");
        assertThat(markdown).contains("| delivered msg/s | 300 [200-330] | 100 [100-110] | 3.00x [2.00-3.00] |\n");
        assertThat(markdown).contains("| lost (sum) | 3 | 0 |  |\n");
    }

    @Test
    void plotDataIsAMatrixOfMediansPerConfigurationAndLabel() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (int v : new int[] {10, 30, 20}) {
            lines.add(json.readTree("{\"label\":\"a\",\"scenario\":\"fanin\",\"qos\":0,\"payload\":64,"
                    + "\"publishers\":10,\"subscribers\":1,\"mqtt_version\":3,\"delivered_per_s\":" + v + "}"));
        }
        lines.add(json.readTree("{\"label\":\"b\",\"scenario\":\"pairs\",\"qos\":1,\"payload\":64,"
                + "\"publishers\":100,\"subscribers\":100,\"mqtt_version\":3,\"delivered_per_s\":7}"));
        String matrix = Summarize.plotData(lines, new Metric("delivered_per_s", "d", true, false));
        assertThat(matrix).isEqualTo("config\ta\tb\n"
                + "\"fanin q0 64B 10x1 open v3\"\t20\t?\n"
                + "\"pairs q1 64B 100x100 open v3\"\t?\t7\n");
    }

    @Test
    void configNamesTheRunParameters() throws Exception {
        JsonNode line = new ObjectMapper().readTree("{\"scenario\":\"fanin\",\"qos\":1,\"payload\":64,"
                + "\"publishers\":10,\"subscribers\":1,\"rate_target\":10000.0,\"mqtt_version\":5}");
        assertThat(Summarize.config(line)).isEqualTo("fanin q1 64B 10x1 10000/s v5");
        JsonNode queue = new ObjectMapper().readTree("{\"scenario\":\"queue\",\"settlement\":\"unsettled\","
                + "\"durable\":true,\"qos\":1,\"payload\":1024,\"publishers\":4,\"subscribers\":4,"
                + "\"rate_target\":0.0,\"inflight\":256}");
        assertThat(Summarize.config(queue)).isEqualTo("queue unsettled durable 1024B 4x4 open w256");
    }
}
