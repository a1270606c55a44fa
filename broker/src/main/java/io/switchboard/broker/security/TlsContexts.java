package io.switchboard.broker.security;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.switchboard.broker.config.TlsConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context of the listeners, built from the PEM files (JDK provider, the configured protocol versions and
 * ciphers) and rebuilt when the files change: {@link #reloadIfChanged()} compares modification times and sizes,
 * and only a context that builds completely replaces the one in force. New handshakes use the current context;
 * established connections keep theirs.
 */
public final class TlsContexts implements Supplier<SslContext> {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private final TlsConfig config;
    private volatile SslContext current;
    private List<Object> stamps;

    private TlsContexts(TlsConfig config) {
        this.config = config;
    }

    /** Builds the first context; throws {@link InvalidRulesException} naming the file that is unusable. */
    public static TlsContexts load(TlsConfig config) {
        TlsContexts contexts = new TlsContexts(config);
        contexts.stamps = contexts.stamps();
        contexts.current = contexts.build();
        return contexts;
    }

    @Override
    public SslContext get() {
        return current;
    }

    /** Rebuilds the context when a file changed since the last attempt; a failure is logged, the old one stays. */
    public synchronized boolean reloadIfChanged() {
        List<Object> now = stamps();
        if (now.equals(stamps)) {
            return false;
        }
        stamps = now;
        try {
            current = build();
            LOG.info("tls.reloaded cert={} key={} ca={}", config.certFile(), config.keyFile(), config.caFile());
            return true;
        } catch (InvalidRulesException e) {
            LOG.error("tls.reload_failed reason=\"{}\" (the previous certificates stay in use)", e.getMessage());
            return false;
        }
    }

    /**
     * Builds a context from the files now, for a reload (SIGHUP, admin API): throws {@link InvalidRulesException}
     * when one is unusable, leaving the old context in use; else returns the step that puts the new one in use.
     */
    Runnable prepareReload() {
        List<Object> now = stamps();
        SslContext built = build();
        return () -> {
            synchronized (this) {
                stamps = now;
                current = built;
            }
            LOG.info("tls.reloaded cert={} key={} ca={}", config.certFile(), config.keyFile(), config.caFile());
        };
    }

    private List<Object> stamps() {
        List<Object> result = new ArrayList<>();
        for (String file : new String[] {config.certFile(), config.keyFile(), config.caFile()}) {
            if (file == null) {
                continue;
            }
            Path path = Path.of(file);
            try {
                result.add(Files.getLastModifiedTime(path));
                result.add(Files.size(path));
            } catch (IOException e) {
                result.add(e.getClass().getSimpleName());
            }
        }
        return result;
    }

    private SslContext build() {
        Path cert = Path.of(config.certFile());
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(new File(config.certFile()),
                            new File(config.keyFile()))
                    .sslProvider(SslProvider.JDK)
                    .protocols(config.protocols())
                    .clientAuth(switch (config.clientAuth()) {
                        case NONE -> ClientAuth.NONE;
                        case OPTIONAL -> ClientAuth.OPTIONAL;
                        case REQUIRE -> ClientAuth.REQUIRE;
                    });
            if (!config.ciphers().isEmpty()) {
                builder.ciphers(config.ciphers());
            }
            if (config.caFile() != null) {
                builder.trustManager(new File(config.caFile()));
            }
            SslContext context = builder.build();
            check(context);
            return context;
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidRulesException(cert, 0, "cannot build the TLS context from cert_file, key_file and"
                    + " ca_file: " + rootMessage(e));
        }
    }

    /** Creating one engine finds unsupported cipher or protocol names now instead of at the first handshake. */
    private void check(SslContext context) {
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);
        if (engine.getEnabledCipherSuites().length == 0) {
            throw new IllegalArgumentException("none of the configured ciphers is supported: " + config.ciphers());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return Objects.requireNonNullElse(t.getMessage(), t.getClass().getSimpleName());
    }
}
