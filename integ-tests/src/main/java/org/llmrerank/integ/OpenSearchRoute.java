package org.llmrerank.integ;

import java.io.IOException;
import java.util.Map;

/** OpenSearch: the {@code llm_rerank} rescore clause; details under the response's {@code ext.llm_rerank}. */
final class OpenSearchRoute implements RerankRoute {

    @Override
    public String engine() {
        return "OpenSearch";
    }

    @Override
    public String surface() {
        return "the llm_rerank clause";
    }

    @Override
    public Map<String, Object> rerankSearch(Dl19.Query q, String model) {
        return Dl19Runner.search(q, model);
    }

    /** Every search with the clause carries them: a response without is an error. */
    @Override
    public Map<String, Object> details(RestJson.Reply reply) throws IOException {
        Map<String, Object> ext = reply.at("ext", "llm_rerank");
        if (ext == null) {
            throw new IOException("no ext.llm_rerank in the response: " + reply.body());
        }
        return ext;
    }

    @Override
    public String statsPath() {
        return "/_plugins/_llm_rerank/stats";
    }

    @Override
    public String evalPath() {
        return "/_plugins/_llm_rerank/_eval";
    }

    @Override
    public String modelsPath() {
        return "/_plugins/_llm_rerank/models";
    }
}
