package org.llmrerank.integ;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The request fuzz ({@link RequestFuzzIT}: the same generators, mutations and oracle) against a real Elasticsearch
 * 9.5.3 node with the plugin ({@link EsNode}): the {@code llm_rerank} rescore clause and its surroundings, the
 * {@code llm_rerank} retriever and its surroundings, and the plugin's cluster and index settings
 * ({@code tests.fuzz.es_cases} cases over these families, default {@value #DEFAULT_ES_CASES}). The plugin's {@code _eval},
 * models and stats endpoints are fuzzed on OpenSearch only: their cases rest on the OpenSearch node's model fixtures.
 *
 * <p>Elasticsearch returns no {@code ext} in a search response: the oracle reads each search's details from the
 * {@code X-Llm-Rerank} response header instead and checks them as on OpenSearch, with the hits of every 2xx search (as
 * many as the page allows, the window a permutation of the first stage's window, nothing past it changed).
 */
class ElasticsearchRequestFuzzIT extends RequestFuzzIT {

    static final int DEFAULT_ES_CASES = 800;

    @Override
    @BeforeAll
    void setUp() throws Exception {
        String base = System.getProperty("tests.fuzz.es_base_url");
        if (base == null) {
            EsNode.start();
            base = "http://127.0.0.1:" + EsNode.PORT;
        }
        open(FuzzTarget.elasticsearch(base), Integer.getInteger("tests.fuzz.es_cases", DEFAULT_ES_CASES), "fuzz-failures-elasticsearch");
    }

    @Override
    @AfterAll
    void tearDown() throws Exception {
        try {
            finish();
        } finally {
            EsNode.stop();
        }
    }
}
