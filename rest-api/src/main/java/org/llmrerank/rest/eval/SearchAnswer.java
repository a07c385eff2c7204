package org.llmrerank.rest.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.llmrerank.estimator.ScoredDoc;

/**
 * One search's answer as an evaluation reads it: the hits in rank order and the llm_rerank details of the response
 * (status, flops_estimated, flops_counted, ...; empty when the response carries none).
 */
public record SearchAnswer(List<Hit> hits, Map<String, Object> rerankDetails) {

    /** @param source the hit's _source as a map, read only when an id field asks for it; it may give null */
    public record Hit(String id, float score, Supplier<Map<String, Object>> source) {}

    public SearchAnswer {
        hits = List.copyOf(hits);
        rerankDetails = Collections.unmodifiableMap(new LinkedHashMap<>(rerankDetails)); // values may be null
    }

    /**
     * The ranking to judge: each hit under its _id, or, given {@code idField}, under that field of its _source (the
     * id the qrels use); a hit without a _source is left out.
     */
    public List<ScoredDoc> ranking(String idField) {
        List<ScoredDoc> docs = new ArrayList<>();
        for (Hit h : hits) {
            String id;
            if (idField == null) {
                id = h.id();
            } else {
                Map<String, Object> source = h.source().get();
                id = source == null ? null : String.valueOf(source.get(idField));
            }
            if (id != null) {
                docs.add(new ScoredDoc(id, h.score()));
            }
        }
        return docs;
    }
}
