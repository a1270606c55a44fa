package io.switchboard.broker;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code switchboard} command line. Exit codes: 0 stopped normally (including on SIGTERM), 1 the broker
 * failed (e.g. a port already in use, or the store is locked by another broker, damaged or of another format
 * version: an operational state, not a config error), 2 bad usage or configuration (one line on stderr naming
 * file, line and key).
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Switchboard: an MQTT 3.1/3.1.1/5.0 message broker.",
        subcommands = CommandLine.HelpCommand.class)
public final class Main implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    @Spec
    private CommandSpec spec;

    private final Launch launch;

    private Main(Launch launch) {
        this.launch = launch;
    }

    public static void main(String[] args) {
        Launch launch = new Launch(System.getenv(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), StopSignal.shutdownHook());
        System.exit(execute(args, launch));
    }

    /** Runs the command line and returns its exit code instead of exiting (the testable entry point). */
    public static int execute(String[] args, Launch launch) {
        CommandLine commandLine = new CommandLine(new Main(launch));
        commandLine.addSubcommand(new StartCommand(launch));
        commandLine.addSubcommand(new CtlCommand(launch));
        commandLine.addSubcommand(new PasswdCommand(launch, System.console(), System.in));
        commandLine.addSubcommand(new BackupCommand(launch));
        commandLine.setOut(launch.out());
        commandLine.setErr(launch.err());
        return commandLine.execute(args);
    }

    /** Without a subcommand: print the usage and fail. */
    @Override
    public Integer call() {
        spec.commandLine().usage(launch.err());
        return EXIT_USAGE;
    }

    /** The version recorded in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"switchboard " + (version == null ? "(development build)" : version)};
        }
    }
}
