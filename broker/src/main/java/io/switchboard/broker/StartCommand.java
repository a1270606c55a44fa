package io.switchboard.broker;

import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.config.ConfigException;
import io.switchboard.broker.config.ConfigLoader;
import io.switchboard.broker.security.InvalidRulesException;
import io.switchboard.persistence.StoreOpenException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard start}: loads the config, runs the broker in the foreground until it is told to stop. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Runs the broker in the foreground, logging to stdout, until SIGTERM or Ctrl-C.")
final class StartCommand implements Callable<Integer> {
    static final Path DEFAULT_CONFIG = Path.of("conf", "switchboard.yaml");
    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: conf/switchboard.yaml in the working directory if it exists,"
                    + " else $SWITCHBOARD_HOME/conf/switchboard.yaml).")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides one config key, e.g. --set mqtt.port=1884 (repeatable; wins over the file and"
                    + " over SWITCHBOARD_SECTION__KEY environment variables).")
    private List<String> sets = new ArrayList<>();

    private final Launch launch;

    StartCommand(Launch launch) {
        this.launch = launch;
    }

    @Override
    public Integer call() throws InterruptedException {
        Path file = configFile(config, launch.environment());
        BrokerConfig brokerConfig;
        try {
            brokerConfig = ConfigLoader.load(file, launch.environment(), sets);
        } catch (ConfigException e) {
            launch.err().println(e.getMessage());
            launch.err().flush();
            return Main.EXIT_USAGE;
        }
        LogLevels.apply(brokerConfig.logging().level());
        LogLevels.apply(brokerConfig.logging().format());
        LOG.info("config.loaded file={} sets={}", file, sets.size());
        Broker broker;
        try {
            broker = Broker.start(brokerConfig);
        } catch (InvalidRulesException e) {
            launch.err().println(e.getMessage());
            launch.err().flush();
            return Main.EXIT_USAGE;
        } catch (IOException e) {
            LOG.error("broker.failed reason=\"{}\"", e.getMessage());
            return Main.EXIT_FAILURE;
        } catch (StoreOpenException e) {
            LOG.error("storage.refused reason=\"{}\"", StorageErrors.explain(e));
            return Main.EXIT_FAILURE;
        } catch (UncheckedIOException e) {
            LOG.error("storage.failed reason=\"{}: {}\"", e.getMessage(), e.getCause().toString());
            return Main.EXIT_FAILURE;
        } catch (RuntimeException e) {
            LOG.error("broker.failed reason=\"{}\"", e, e);
            return Main.EXIT_FAILURE;
        }
        broker.security().reloadConfigFrom(() -> ConfigLoader.load(file, launch.environment(), sets).security());
        launch.stopSignal().awaitStop(broker);
        return Main.EXIT_OK;
    }

    /** The explicit file, else the working directory's conf/switchboard.yaml, else $SWITCHBOARD_HOME's. */
    static Path configFile(Path explicit, Map<String, String> environment) {
        if (explicit != null) {
            return explicit;
        }
        String home = environment.get("SWITCHBOARD_HOME");
        if (Files.exists(DEFAULT_CONFIG) || home == null || home.isBlank()) {
            return DEFAULT_CONFIG;
        }
        return Path.of(home).resolve(DEFAULT_CONFIG);
    }
}
