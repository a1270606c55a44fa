package io.switchboard.broker.config;

/**
 * Section {@code http}: the listener for metrics, health, the admin API and the dashboard.
 *
 * @param host             address to bind
 * @param port             TCP port; 0 binds an ephemeral port, -1 disables the listener
 * @param adminToken       bearer token of the admin API; null or empty: read {@code adminTokenFile}
 * @param adminTokenFile   file holding the token (first line); null or empty: a random token is generated at
 *                         every start into {@code <storage.dir>/admin.token}, readable by the owner only
 * @param queueDepthTopN   how many of the deepest session queues {@code /metrics} reports by client id
 */
public record HttpConfig(String host, int port, String adminToken, String adminTokenFile, int queueDepthTopN) {
    public static final HttpConfig DEFAULTS = new HttpConfig("127.0.0.1", 8080, "", "", 10);

    public HttpConfig {
        if (host == null || host.isBlank()) {
            throw new InvalidValueException("host", "must be a non-empty address");
        }
        InvalidValueException.range("port", port, -1, 65_535);
        InvalidValueException.range("queue_depth_top_n", queueDepthTopN, 0, 1000);
        if (adminToken != null && !adminToken.isEmpty() && adminToken.length() < 16) {
            throw new InvalidValueException("admin_token", "must be at least 16 characters, got "
                    + adminToken.length());
        }
    }
}
