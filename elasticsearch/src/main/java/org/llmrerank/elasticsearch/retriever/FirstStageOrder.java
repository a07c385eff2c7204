package org.llmrerank.elasticsearch.retriever;

import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.search.ScoreDoc;

/**
 * The first-stage rank and score of each hit of one search's window, keyed by shard and Lucene doc. The rank-feature
 * phase hands the coordinator the window grouped by shard, in doc-id order and without scores, so the order it must
 * rerank from is recorded here when the query phase's results are merged. Both phases' coordinator contexts come from
 * the same {@link LlmRerankRankBuilder} of the search, which owns one of these.
 */
final class FirstStageOrder {

    /** A hit's place in the merged first stage: 0-based rank and score. */
    record Place(int rank, float score) {}

    private final ConcurrentHashMap<Long, Place> places = new ConcurrentHashMap<>();

    void record(ScoreDoc[] mergedWindow) {
        places.clear();
        for (int i = 0; i < mergedWindow.length; i++) {
            places.put(key(mergedWindow[i].shardIndex, mergedWindow[i].doc), new Place(i, mergedWindow[i].score));
        }
    }

    /** Null when the hit was not in the recorded window. */
    Place placeOf(int shardIndex, int doc) {
        return places.get(key(shardIndex, doc));
    }

    int size() {
        return places.size();
    }

    private static long key(int shardIndex, int doc) {
        return ((long) shardIndex << 32) | (doc & 0xFFFFFFFFL);
    }
}
