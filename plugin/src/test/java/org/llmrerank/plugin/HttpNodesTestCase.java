package org.llmrerank.plugin;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.common.network.NetworkModule;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;
import org.opensearch.transport.Netty4ModulePlugin;

/**
 * In-JVM nodes with the plugin (and its stand-in models) behind real Netty HTTP, so requests are parsed from JSON as a
 * user's are; with helpers that send JSON and read JSON or an expected refusal.
 */
public abstract class HttpNodesTestCase extends OpenSearchIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(TestLlmRerankPlugin.class, Netty4ModulePlugin.class);
    }

    @Override
    protected boolean addMockHttpTransport() {
        return false;
    }

    @Override
    protected Settings nodeSettings(int nodeOrdinal) {
        return Settings.builder().put(super.nodeSettings(nodeOrdinal)).put(TestLlmRerankPlugin.farDefaultDeadline())
            .put(NetworkModule.HTTP_TYPE_KEY, Netty4ModulePlugin.NETTY_HTTP_TRANSPORT_NAME).build();
    }

    /** The JSON answer of a request that succeeds (a failure throws {@link ResponseException}). */
    protected static Map<String, Object> call(String method, String path, String json) throws Exception {
        Request req = new Request(method, path);
        if (json != null) {
            req.setJsonEntity(json);
        }
        Response resp = getRestClient().performRequest(req);
        try (InputStream in = resp.getEntity().getContent()) {
            return JsonXContent.jsonXContent.createParser(null, null, in).map();
        }
    }

    /** The body of a request that must be refused with {@code status}. */
    protected static String refusal(int status, String method, String path, String json) throws Exception {
        try {
            call(method, path, json);
            fail(method + " " + path + " " + json + " should have been refused with " + status);
            return null;
        } catch (ResponseException e) {
            String body = new String(e.getResponse().getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(body, status, e.getResponse().getStatusLine().getStatusCode());
            return body;
        }
    }
}
