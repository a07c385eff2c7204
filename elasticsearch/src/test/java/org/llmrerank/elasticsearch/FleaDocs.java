package org.llmrerank.elasticsearch;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.test.ESIntegTestCase;

/**
 * The flea passages the cluster suites rerank, in a two-shard index {@code docs}: ids 1 to 8 are {@link #TEXTS} in
 * order, each of a distinct length so that a by-length order is strict; doc 9 has a price and no text.
 */
final class FleaDocs {

    static final String INDEX = "docs";
    static final String QUERY = "how long is the life cycle of a flea";
    static final String[] TEXTS = {
        "Fleas life cycle: the flea life cycle takes between two weeks and eight months. flea flea flea",
        "Flea market on sundays. flea flea",
        "A flea goes through four stages: egg, larva, pupa and adult; the whole life cycle of a flea can last a few weeks to several months.",
        "Flea circus history: a flea show was a popular sideshow. flea",
        "How to get rid of fleas in your house",
        "The flea is a small wingless insect; its life cycle has four stages",
        "flea",
        "Cats and dogs can carry a flea into the house in summer, when the flea cycle is fastest",
    };

    private FleaDocs() {}

    /** Creates and fills the index unless an earlier test of the suite did. */
    static void indexOnce(ESIntegTestCase suite) {
        if (ESIntegTestCase.indexExists(INDEX, ESIntegTestCase.client())) {
            return;
        }
        suite.prepareCreate(INDEX).setSettings(Settings.builder().put("index.number_of_shards", 2).put("index.number_of_replicas", 0))
            .setMapping("text", "type=text", "price", "type=float").get();
        for (int i = 0; i < TEXTS.length; i++) {
            ESIntegTestCase.client().prepareIndex(INDEX).setId(Integer.toString(i + 1)).setSource("text", TEXTS[i]).get();
        }
        ESIntegTestCase.client().prepareIndex(INDEX).setId("9").setSource("price", 3.5f).get();
        ESIntegTestCase.client().admin().indices().prepareRefresh(INDEX).get();
        suite.ensureGreen(INDEX);
    }
}
