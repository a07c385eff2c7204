package org.llmrerank.integ;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal JSON-over-HTTP client for a node on loopback: what curl would do, nothing more. */
public final class RestJson {

    /** Status, parsed body and response headers (names in lower case) of one call. */
    public record Reply(int status, Map<String, Object> body, Map<String, List<String>> headers) {

        public Reply(int status, Map<String, Object> body) {
            this(status, body, Map.of());
        }

        /** The first value of a response header, null when the response has none. */
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        @SuppressWarnings("unchecked")
        public <T> T at(String... path) {
            Object cur = body;
            for (String p : path) {
                cur = cur instanceof Map<?, ?> m ? m.get(p) : null;
            }
            return (T) cur;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public RestJson(String baseUrl) {
        URI u = URI.create(baseUrl);
        if (u.getHost() == null || (u.getHost().equals("127.0.0.1") == false && u.getHost().equals("localhost") == false)) {
            throw new IllegalArgumentException("this client talks to loopback only, got " + baseUrl);
        }
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public Reply call(String method, String path, Object body) throws IOException, InterruptedException {
        return call(method, path, body == null ? null : JSON.writeValueAsString(body), "application/json");
    }

    @SuppressWarnings("unchecked")
    // 30 minutes: an _eval of 43 queries answers once all ran, which takes minutes on a loaded CPU
    public Reply call(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(30));
        if (body != null) {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> parsed = r.body().isEmpty() ? Map.of() : JSON.readValue(r.body(), Map.class);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        return new Reply(r.statusCode(), parsed, headers);
    }

    /** Like call, but any status other than 2xx is an error carrying the body. */
    public Reply ok(String method, String path, Object body) throws IOException, InterruptedException {
        Reply r = call(method, path, body);
        if (r.status() / 100 != 2) {
            throw new IOException(method + " " + path + " -> " + r.status() + ": " + r.body());
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String json) throws IOException {
        return JSON.readValue(json, Map.class);
    }

    public static String toJson(Object o) throws IOException {
        return JSON.writeValueAsString(o);
    }
}
