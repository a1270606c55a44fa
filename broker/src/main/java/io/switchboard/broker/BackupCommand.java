package io.switchboard.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.broker.config.BrokerConfig;
import io.switchboard.broker.config.ConfigException;
import io.switchboard.broker.config.ConfigLoader;
import io.switchboard.broker.ctl.AdminClient;
import io.switchboard.broker.ctl.CtlException;
import io.switchboard.persistence.MapDbStore;
import io.switchboard.persistence.RecoveryPolicy;
import io.switchboard.persistence.StoreLockedException;
import io.switchboard.persistence.StoreOpenException;
import io.switchboard.persistence.StoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard backup --to DIR}: a consistent copy of the MapDB store as {@code DIR/switchboard.db}. With
 * the broker stopped it takes the data directory's lock, opens and verifies the store (replaying its journal)
 * and writes the copy with an fsync. When a broker holds the directory, it asks that broker through the admin
 * API ({@code POST /api/storage/backup}, address and token as for {@code ctl}) to write the copy itself; without
 * an HTTP listener it refuses, naming the pid. Exit codes: 0 written, 1 the store is in use without an admin
 * API, damaged or unreadable, or the running broker failed, 2 bad usage or configuration.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Copies the store to DIR/switchboard.db (consistent, fsynced): itself when the broker is"
                + " stopped, through the running broker's admin API otherwise.")
final class BackupCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Config file naming storage.dir (as for start).")
    private Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Overrides one config key (as for start).")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--to", paramLabel = "DIR", required = true,
            description = "Directory the copy goes to; created if absent, must not hold a switchboard.db already.")
    private Path target;

    private final Launch launch;

    BackupCommand(Launch launch) {
        this.launch = launch;
    }

    @Override
    public Integer call() throws InterruptedException {
        BrokerConfig brokerConfig;
        try {
            brokerConfig = ConfigLoader.load(StartCommand.configFile(config, launch.environment()),
                    launch.environment(), sets);
        } catch (ConfigException e) {
            return fail(e.getMessage(), Main.EXIT_USAGE);
        }
        LogLevels.apply(brokerConfig.logging().level());
        StoreSettings settings = brokerConfig.storage().toStoreSettings().withRecovery(RecoveryPolicy.REFUSE);
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        Path copy = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dataDir.resolve(BrokerStorage.DB_FILE))) {
            return fail("backup: no store in " + dataDir + " (storage.dir); nothing to back up", Main.EXIT_FAILURE);
        }
        if (copy.equals(dataDir) || Files.exists(copy.resolve(BrokerStorage.DB_FILE))) {
            return fail("backup: " + copy + " already holds a switchboard.db; choose an empty directory",
                    Main.EXIT_USAGE);
        }
        try (MapDbStore store = MapDbStore.open(settings)) {
            Path written = store.backupTo(copy).get();
            launch.out().println("backup written to " + written + " (" + Files.size(written) + " bytes)");
            return Main.EXIT_OK;
        } catch (StoreLockedException e) {
            if (brokerConfig.http().port() <= 0) {
                return fail("backup: " + StorageErrors.explain(e) + "; its HTTP listener is off (http.port), so "
                        + "it cannot write the copy itself: stop it first", Main.EXIT_FAILURE);
            }
            return throughRunningBroker(brokerConfig, copy, e);
        } catch (StoreOpenException e) {
            return fail("backup: " + StorageErrors.explain(e), Main.EXIT_FAILURE);
        } catch (ExecutionException | IOException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            return fail("backup: failed: " + cause, Main.EXIT_FAILURE);
        }
    }

    private int throughRunningBroker(BrokerConfig brokerConfig, Path copy, StoreLockedException locked) {
        try {
            AdminClient client = new AdminClient(CtlCommand.baseUrl(brokerConfig.http()),
                    CtlCommand.token(brokerConfig));
            JsonNode answer = client.post("api/storage/backup",
                    new ObjectMapper().createObjectNode().put("dir", copy.toString()).toString(), Duration.ofMinutes(30));
            launch.out().println("backup written to " + answer.path("path").asText() + " ("
                    + answer.path("bytes").asLong() + " bytes) by the running broker");
            return Main.EXIT_OK;
        } catch (CtlException e) {
            return fail("backup: " + StorageErrors.explain(locked) + "; asking it through its admin API failed: "
                    + e.getMessage(), Main.EXIT_FAILURE);
        }
    }

    private int fail(String message, int code) {
        launch.err().println(message);
        launch.err().flush();
        return code;
    }
}
