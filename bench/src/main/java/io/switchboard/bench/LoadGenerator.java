package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one load scenario against an MQTT broker (or, for {@code queue}, an AMQP 1.0 broker) on this machine and
 * prints one JSON line on stdout.
 */
@Command(name = "load-generator", mixinStandardHelpOptions = true,
        description = "MQTT and AMQP 1.0 load generator: prints one JSON line per run on stdout; logs go to stderr. "
                + "An option given twice takes its last value.")
public final class LoadGenerator implements Callable<Integer> {

    @Parameters(index = "0", description = "fanin | fanout | pairs | shared | conns | queue")
    String scenario;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "broker host; must be a loopback address")
    String host;

    @Option(names = "--port", defaultValue = "-1", description = "broker port; default 1883, queue 5672 (AMQP)")
    int port;

    @Option(names = "--qos", defaultValue = "0", description = "MQTT QoS (queue: see --presettled)")
    int qos;

    @Option(names = "--payload", defaultValue = "64", description = "payload bytes (>= 20)")
    int payload;

    @Option(names = "--publishers", defaultValue = "-1",
            description = "publishers (pairs: number of pairs); default fanin 10, fanout 1, pairs 100, shared 10,"
                    + " queue 4 (AMQP producers)")
    int publishers;

    @Option(names = "--subscribers", defaultValue = "-1",
            description = "subscribers; default fanin 1, fanout 100, shared 4, queue 4 (AMQP consumers)"
                    + " (pairs: = publishers)")
    int subscribers;

    @Option(names = "--rate", defaultValue = "0", description = "total msgs/s over all publishers; 0 = open loop")
    double rate;

    @Option(names = "--inflight", defaultValue = "-1",
            description = "per publisher: QoS 1/2 unacknowledged window (default 64); queue: unsettled deliveries"
                    + " (pre-settled: undelivered messages), default 256")
    int inflight;

    @Option(names = "--duration", defaultValue = "20", description = "measured seconds (after warm-up)")
    int duration;

    @Option(names = "--warmup", defaultValue = "5", description = "seconds of load before measuring")
    int warmup;

    @Option(names = "--broker-pid", defaultValue = "0", description = "broker process for CPU time and RSS")
    long brokerPid;

    @Option(names = "--mqtt-version", defaultValue = "3", description = "3 (MQTT 3.1.1) or 5")
    int mqttVersion;

    @Option(names = "--label", defaultValue = "unlabelled", description = "broker label written into the result")
    String label;

    @Option(names = "--tag", defaultValue = "", description = "free text written into the result (comparison id)")
    String tag;

    @Option(names = "--threads", defaultValue = "0", description = "client event-loop threads; 0 = cores")
    int threads;

    @Option(names = "--connections", defaultValue = "1000", description = "conns: idle connections to open")
    int connections;

    @Option(names = "--keepalive", defaultValue = "60", description = "conns: keep-alive seconds")
    int keepAlive;

    @Option(names = "--connect-concurrency", defaultValue = "16",
            description = "conns: connects in flight (more overflows the listen backlog of some brokers)")
    int connectConcurrency;

    @Option(names = "--per-source-address", defaultValue = "10000",
            description = "conns: connections per 127.0.0.x source address")
    int perSourceAddress;

    @Option(names = "--drain-timeout", defaultValue = "10", description = "seconds to wait for acks/deliveries")
    int drainTimeout;

    @Option(names = "--subscriber-session-expiry", defaultValue = "0",
            description = "subscribers' session: 0 clean (default); N > 0 persistent (3.1.1 clean session 0, 5 session"
                    + " expiry N s), so that a durable broker must store their QoS 1/2 messages before the PUBACK")
    long subscriberSessionExpiry;

    @Option(names = "--presettled", description = "queue: pre-settled transfers (at-most-once) instead of"
            + " unsettled ones accepted by the broker and by the consumers (at-least-once, the default)")
    boolean presettled;

    @Option(names = "--durable", description = "queue: messages carry header durable=true (a broker that persists"
            + " by message, like Artemis, then journals them)")
    boolean durable;

    @Option(names = "--queue", defaultValue = "", description = "queue: the queue's name; default a fresh name per run")
    String queue;

    @Option(names = "--credit", defaultValue = "1000", description = "queue: link credit of each consumer")
    int credit;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchOptions options = options();
        Map<String, Object> result = switch (options.scenario()) {
            case CONNS -> new ConnsRun(options).run();
            case QUEUE -> new QueueRun(options).run();
            default -> new ThroughputRun(options).run();
        };
        System.out.println(new ObjectMapper().writeValueAsString(result));
        System.out.flush();
        return 0;
    }

    BenchOptions options() throws Exception {
        CommandLine cl = new CommandLine(this);
        Scenario s;
        try {
            s = Scenario.valueOf(scenario.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "unknown scenario " + scenario);
        }
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            throw new CommandLine.ParameterException(cl, "--host must be a loopback address, not " + host);
        }
        if (qos < 0 || qos > 2) {
            throw new CommandLine.ParameterException(cl, "--qos must be 0, 1 or 2");
        }
        if (mqttVersion != 3 && mqttVersion != 5) {
            throw new CommandLine.ParameterException(cl, "--mqtt-version must be 3 or 5");
        }
        boolean amqp = s == Scenario.QUEUE;
        int pubs = publishers > 0 ? publishers : switch (s) {
            case FANOUT -> 1;
            case PAIRS -> 100;
            case QUEUE -> 4;
            default -> 10;
        };
        int subs = s == Scenario.PAIRS ? pubs : subscribers > 0 ? subscribers : switch (s) {
            case FANOUT -> 100;
            case SHARED, QUEUE -> 4;
            default -> 1;
        };
        if (credit < 1) {
            throw new CommandLine.ParameterException(cl, "--credit must be at least 1");
        }
        int loops = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        int brokerPort = port >= 0 ? port : amqp ? 5672 : 1883;
        int window = inflight >= 0 ? inflight : amqp ? 256 : 64;
        int qosOnWire = amqp ? (presettled ? 0 : 1) : qos;
        return new BenchOptions(s, host, brokerPort, qosOnWire, payload, pubs, subs, rate, window, duration, warmup,
                brokerPid, mqttVersion == 5 ? 5 : 4, label, tag, loops, connections, keepAlive, connectConcurrency,
                perSourceAddress, drainTimeout, subscriberSessionExpiry, presettled, durable, queue, credit);
    }
}
