package org.llmrerank.elasticsearch;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.test.ESTestCase;
import org.elasticsearch.xcontent.XContentType;

/**
 * What the cluster suites do over a node's real HTTP port: search, expect a 400, and read the hits of a response (their
 * ids and their {@code text} source field); and the node settings that point the plugin at a models directory.
 */
public final class HttpSearches {

    private HttpSearches() {}

    /** The parsed response of a search of {@code index} with {@code body}; any status other than 2xx throws. */
    public static Map<String, Object> search(RestClient client, String index, String body) throws IOException {
        Request r = new Request("POST", "/" + index + "/_search");
        r.setJsonEntity(body);
        return body(client.performRequest(r));
    }

    /** The body of the 400 the request must get ({@code body} may be null for none). */
    public static String error(RestClient client, String method, String path, String body) throws IOException {
        Request r = new Request(method, path);
        if (body != null) {
            r.setJsonEntity(body);
        }
        ResponseException e = ESTestCase.expectThrows(ResponseException.class, () -> client.performRequest(r));
        assertEquals(400, e.getResponse().getStatusLine().getStatusCode());
        return EntityUtils.toString(e.getResponse().getEntity());
    }

    public static Map<String, Object> body(Response r) throws IOException {
        return json(EntityUtils.toString(r.getEntity()));
    }

    public static Map<String, Object> json(String s) {
        return XContentHelper.convertToMap(XContentType.JSON.xContent(), s, false);
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> hits(Map<String, Object> response) {
        return (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits");
    }

    public static List<String> ids(List<Map<String, Object>> hits) {
        return hits.stream().map(h -> (String) h.get("_id")).toList();
    }

    /** The hit's {@code text} source field. */
    @SuppressWarnings("unchecked")
    public static String text(Map<String, Object> hit) {
        return (String) ((Map<String, Object>) hit.get("_source")).get("text");
    }

    /** {@code nodeSettings} with the plugin's models directory set to {@code modelsDir}. */
    public static Settings withModelsDir(Settings nodeSettings, Path modelsDir) {
        return Settings.builder().put(nodeSettings).put(EsRerankSettings.MODELS_PATH.getKey(), modelsDir.toString()).build();
    }
}
