package io.switchboard.broker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's static files ({@code /dashboard/}), read from the classpath; {@code /} redirects there. The page
 * itself holds no data: it calls the admin API with the token the user enters.
 */
final class DashboardFiles implements HttpHandler {
    private static final Map<String, String> FILES = Map.of(
            "/dashboard/", "index.html",
            "/dashboard/index.html", "index.html",
            "/dashboard/dashboard.js", "dashboard.js",
            "/dashboard/dashboard.css", "dashboard.css");

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            Exchanges.error(exchange, 405, "method not allowed");
            return;
        }
        if (path.equals("/") || path.equals("/dashboard")) {
            exchange.getResponseHeaders().set("Location", "/dashboard/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        String file = FILES.get(path);
        if (file == null) {
            Exchanges.error(exchange, 404, "not found: " + path);
            return;
        }
        byte[] body;
        try (InputStream in = DashboardFiles.class.getResourceAsStream("/dashboard/" + file)) {
            if (in == null) {
                Exchanges.error(exchange, 404, "not packaged: " + file);
                return;
            }
            body = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        Exchanges.send(exchange, 200, contentType(file), body);
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
