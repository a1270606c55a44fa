package io.switchboard.broker.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client of the broker's admin API: one request per call, errors as {@link CtlException}. */
public final class AdminClient {
    public static final int EXIT_FAILED = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public AdminClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public JsonNode get(String path) throws CtlException {
        return send("GET", path, null);
    }

    /** DELETE; a 204 answer gives a null node. */
    public JsonNode delete(String path) throws CtlException {
        return send("DELETE", path, null);
    }

    public JsonNode post(String path) throws CtlException {
        return send("POST", path, null);
    }

    public JsonNode put(String path, String jsonBody) throws CtlException {
        return send("PUT", path, jsonBody);
    }

    /** POST with a longer answer timeout, for requests that do real work (a store backup). */
    public JsonNode post(String path, String jsonBody, Duration timeout) throws CtlException {
        return send("POST", path, jsonBody, timeout);
    }

    private JsonNode send(String method, String path, String body) throws CtlException {
        return send(method, path, body, TIMEOUT);
    }

    private JsonNode send(String method, String path, String body, Duration timeout) throws CtlException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CtlException(EXIT_FAILED, "cannot reach the broker at " + base + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(EXIT_FAILED, "interrupted");
        }
        int status = response.statusCode();
        if (status == 204) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CtlException(EXIT_FAILED, "HTTP " + status + " with a body that is not JSON");
        }
        if (status / 100 != 2) {
            throw new CtlException(EXIT_FAILED, node.path("error").asText("HTTP " + status) + " (HTTP " + status
                    + ")");
        }
        return node;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
