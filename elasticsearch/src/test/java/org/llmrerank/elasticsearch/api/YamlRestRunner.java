package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.Strings;
import org.elasticsearch.xcontent.XContentFactory;
import org.elasticsearch.xcontent.XContentParser;
import org.elasticsearch.xcontent.XContentParserConfiguration;
import org.elasticsearch.xcontent.XContentType;

/**
 * Runs YAML REST tests in the format of Elasticsearch's own ({@code setup}, {@code teardown}, named tests of {@code do}
 * steps with {@code catch} or {@code ignore}, then {@code match}, {@code is_true}, {@code is_false}, {@code length}, {@code gt},
 * {@code lt}) over a node's real HTTP port. The plugin's endpoints are called through their REST spec files, so the
 * tests check the specs' paths and methods too; the few core APIs the tests need are listed here. The test framework's
 * own YAML runner ({@code yaml-rest-runner}) is not on Maven Central for 9.5.3, hence this subset.
 */
final class YamlRestRunner {

    /** A core API the tests call: method and path, {@code {part}} filled from the step's parameters. */
    private record Endpoint(String method, String path, List<String> parts) {}

    private static final Map<String, List<Endpoint>> CORE = Map.of(
        "indices.create", List.of(new Endpoint("PUT", "/{index}", List.of("index"))),
        "indices.delete", List.of(new Endpoint("DELETE", "/{index}", List.of("index"))),
        "bulk", List.of(new Endpoint("POST", "/_bulk", List.of())),
        "search", List.of(new Endpoint("POST", "/{index}/_search", List.of("index"))),
        "cluster.get_settings", List.of(new Endpoint("GET", "/_cluster/settings", List.of())),
        "cluster.put_settings", List.of(new Endpoint("PUT", "/_cluster/settings", List.of())));

    private static final Map<String, Integer> CATCHES = Map.of("bad_request", 400, "missing", 404, "conflict", 409,
        "forbidden", 403, "unauthorized", 401, "request_timeout", 408);

    private final RestClient client;
    private final Map<String, List<Endpoint>> apis = new HashMap<>(CORE);
    private RestJson last;

    YamlRestRunner(RestClient client) throws IOException {
        this.client = client;
        try (Stream<Path> specs = Files.list(resourceDir("rest-api-spec/api"))) {
            for (Path spec : specs.filter(p -> p.toString().endsWith(".json")).toList()) {
                readSpec(Files.readString(spec));
            }
        }
    }

    /** A folder of this module's test resources (the API layer's jar holds OpenSearch's spec files under the same names). */
    static Path resourceDir(String name) {
        URL marker = YamlRestRunner.class.getResource("/rest-api-spec/test/llm_rerank");
        try {
            return Path.of(marker.toURI()).getParent().getParent().getParent().resolve(name);
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private void readSpec(String json) throws IOException {
        Map<String, Object> root = parse(XContentType.JSON, json);
        for (Map.Entry<String, Object> api : root.entrySet()) {
            List<Endpoint> endpoints = new ArrayList<>();
            Map<String, Object> url = (Map<String, Object>) ((Map<String, Object>) api.getValue()).get("url");
            for (Map<String, Object> p : (List<Map<String, Object>>) url.get("paths")) {
                Map<String, Object> parts = (Map<String, Object>) p.getOrDefault("parts", Map.of());
                for (String method : (List<String>) p.get("methods")) {
                    endpoints.add(new Endpoint(method, (String) p.get("path"), List.copyOf(parts.keySet())));
                }
            }
            apis.put(api.getKey(), endpoints);
        }
    }

    /**
     * Runs every test of one YAML file, each after {@code setup} and followed by {@code teardown}.
     *
     * @return one line per failed test, naming it; empty when all passed
     */
    @SuppressWarnings("unchecked")
    List<String> runFile(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
            Map<String, Object> parsed = doc.isBlank() ? Map.of() : parse(XContentType.YAML, doc);
            if (parsed != null && parsed.isEmpty() == false) {
                documents.add(parsed);
            }
        }
        List<Object> setup = List.of();
        List<Object> teardown = List.of();
        Map<String, List<Object>> tests = new LinkedHashMap<>();
        for (Map<String, Object> doc : documents) {
            for (Map.Entry<String, Object> e : doc.entrySet()) {
                switch (e.getKey()) {
                    case "setup" -> setup = (List<Object>) e.getValue();
                    case "teardown" -> teardown = (List<Object>) e.getValue();
                    default -> tests.put(e.getKey(), (List<Object>) e.getValue());
                }
            }
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<Object>> test : tests.entrySet()) {
            try {
                run(setup);
                run(test.getValue());
            } catch (AssertionError | IOException | RuntimeException e) {
                failures.add(file.getFileName() + " [" + test.getKey() + "]: " + e.getMessage());
            } finally {
                run(teardown);
            }
        }
        return failures;
    }

    @SuppressWarnings("unchecked")
    private void run(List<Object> steps) throws IOException {
        for (Object step : steps) {
            Map.Entry<String, Object> s = ((Map<String, Object>) step).entrySet().iterator().next();
            Map<String, Object> args = s.getValue() instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            switch (s.getKey()) {
                case "do" -> call(args);
                case "match" -> each(args, (path, expected) -> match(path, expected));
                case "is_true" -> check(truthy(at((String) s.getValue())), s.getValue() + " is true");
                case "is_false" -> check(truthy(at((String) s.getValue())) == false, s.getValue() + " is false");
                case "length" -> each(args, (path, n) -> check(size(at(path)) == ((Number) n).intValue(), path + " has length " + n));
                case "gt" -> each(args, (path, n) -> check(number(path) > ((Number) n).doubleValue(), path + " > " + n));
                case "lt" -> each(args, (path, n) -> check(number(path) < ((Number) n).doubleValue(), path + " < " + n));
                default -> throw new AssertionError("unsupported step [" + s.getKey() + "]");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void call(Map<String, Object> step) throws IOException {
        String expectedError = null;
        Integer ignored = null;
        String api = null;
        Map<String, Object> params = Map.of();
        for (Map.Entry<String, Object> e : step.entrySet()) {
            if (e.getKey().equals("catch")) {
                expectedError = (String) e.getValue();
            } else {
                api = e.getKey();
                params = e.getValue() == null ? Map.of() : (Map<String, Object>) e.getValue();
            }
        }
        Map<String, Object> given = params;
        if (given.get("ignore") instanceof Number n) {
            ignored = n.intValue(); // a status that counts as success, as Elasticsearch's runner takes it
        }
        List<Endpoint> endpoints = apis.get(api);
        if (endpoints == null) {
            throw new AssertionError("no REST spec for [" + api + "]");
        }
        Endpoint endpoint = endpoints.stream().filter(ep -> ep.parts().stream().allMatch(given::containsKey))
            .max((a, b) -> Integer.compare(a.parts().size(), b.parts().size())).orElseThrow();
        String path = endpoint.path();
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, Object> p : params.entrySet()) {
            if (p.getKey().equals("body") || p.getKey().equals("ignore")) {
                continue;
            }
            String value = URLEncoder.encode(String.valueOf(p.getValue()), StandardCharsets.UTF_8);
            if (endpoint.parts().contains(p.getKey())) {
                path = path.replace("{" + p.getKey() + "}", value);
            } else {
                query.append(query.isEmpty() ? "?" : "&").append(p.getKey()).append('=').append(value);
            }
        }
        last = RestJson.call(client, endpoint.method(), path + query, body(params.get("body")));
        if (ignored != null && ignored == last.status()) {
            return;
        }
        if (expectedError == null) {
            check(last.status() < 300, api + " succeeds, got " + last.status() + ": " + last.text());
        } else if (expectedError.startsWith("/")) {
            check(last.status() >= 400 && Pattern.compile(regex(expectedError), Pattern.COMMENTS).matcher(last.text()).find(),
                api + " fails matching " + expectedError + ", got " + last.status() + ": " + last.text());
        } else {
            Integer status = CATCHES.get(expectedError);
            check(status != null && status == last.status(), api + " fails with [" + expectedError + "], got " + last.status() + ": "
                + last.text());
        }
    }

    /** A bulk body is a list of lines; any other body is JSON. */
    @SuppressWarnings("unchecked")
    private static String body(Object body) throws IOException {
        if (body == null) {
            return null;
        }
        if (body instanceof List<?> lines) {
            StringBuilder nd = new StringBuilder();
            for (Object line : lines) {
                nd.append(line instanceof String s ? s : Strings.toString(XContentFactory.jsonBuilder().map((Map<String, Object>) line)))
                    .append('\n');
            }
            return nd.toString();
        }
        return Strings.toString(XContentFactory.jsonBuilder().map((Map<String, Object>) body));
    }

    private void match(String path, Object expected) {
        Object actual = at(path);
        if (expected instanceof String s && s.length() > 1 && s.startsWith("/") && s.endsWith("/")) {
            Matcher m = Pattern.compile(regex(s), Pattern.COMMENTS).matcher(String.valueOf(actual));
            check(m.find(), path + " matches " + s + ", got [" + actual + "]");
        } else if (expected instanceof Number n && actual instanceof Number a) {
            check(n.doubleValue() == a.doubleValue(), path + " == " + n + ", got [" + a + "]");
        } else {
            check(String.valueOf(expected).equals(String.valueOf(actual)), path + " == [" + expected + "], got [" + actual + "]");
        }
    }

    private static String regex(String slashed) {
        return slashed.substring(1, slashed.length() - 1);
    }

    private Object at(String path) {
        return path.isEmpty() || path.equals("$body") ? last.body() : last.at(path);
    }

    private double number(String path) {
        Object v = at(path);
        check(v instanceof Number, path + " is a number, got [" + v + "]");
        return ((Number) v).doubleValue();
    }

    private static int size(Object v) {
        return v instanceof Map<?, ?> m ? m.size() : v instanceof List<?> l ? l.size() : v instanceof String s ? s.length() : -1;
    }

    private static boolean truthy(Object v) {
        return v != null && Boolean.FALSE.equals(v) == false && "false".equals(v) == false && "".equals(v) == false
            && (v instanceof Number n ? n.doubleValue() != 0 : true);
    }

    private void check(boolean ok, String what) {
        if (ok == false) {
            throw new AssertionError("expected " + what + (last == null ? "" : "; last response: " + last.text()));
        }
    }

    private interface Check {
        void apply(String path, Object expected);
    }

    private static void each(Map<String, Object> args, Check check) {
        args.forEach(check::apply);
    }

    private static Map<String, Object> parse(XContentType type, String text) throws IOException {
        try (XContentParser p = type.xContent().createParser(XContentParserConfiguration.EMPTY, text)) {
            return p.mapOrdered();
        }
    }
}
