package org.llmrerank.elasticsearch.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.common.xcontent.XContentHelper;
import org.elasticsearch.xcontent.XContentType;

/** JSON over a node's real HTTP port: a status and the parsed body, whatever the status. */
record RestJson(int status, Map<String, Object> body, String text) {

    static RestJson call(RestClient client, String method, String path, String jsonBody) throws IOException {
        Request r = new Request(method, path);
        if (jsonBody != null) {
            r.setJsonEntity(jsonBody);
        }
        Response response;
        try {
            response = client.performRequest(r);
        } catch (ResponseException e) {
            response = e.getResponse();
        }
        String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
        Map<String, Object> body = text.isEmpty() ? Map.of() : XContentHelper.convertToMap(XContentType.JSON.xContent(), text, true);
        return new RestJson(response.getStatusLine().getStatusCode(), body, text);
    }

    /** The value at a dotted path ({@code hits.hits.0._id}); list elements by index. */
    @SuppressWarnings("unchecked")
    Object at(String path) {
        Object o = body;
        for (String key : path.split("\\.")) {
            if (o instanceof Map<?, ?> m) {
                o = m.get(key);
            } else if (o instanceof List<?> l) {
                o = l.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return o;
    }

    double number(String path) {
        return ((Number) at(path)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> hits() {
        return (List<Map<String, Object>>) at("hits.hits");
    }
}
