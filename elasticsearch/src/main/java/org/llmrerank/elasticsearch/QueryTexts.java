package org.llmrerank.elasticsearch;

import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.index.query.BoolQueryBuilder;
import org.elasticsearch.index.query.MatchPhraseQueryBuilder;
import org.elasticsearch.index.query.MatchQueryBuilder;
import org.elasticsearch.index.query.MultiMatchQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryStringQueryBuilder;
import org.elasticsearch.index.query.SimpleQueryStringBuilder;

/** The text a query searches for, when it is one text query: what the model reranks for unless the clause says. */
public final class QueryTexts {

    private QueryTexts() {}

    /** The query's text when it is a single text query (possibly the only scoring clause of a bool), else null. */
    public static String of(QueryBuilder q) {
        if (q instanceof MatchQueryBuilder m) return String.valueOf(m.value());
        if (q instanceof MatchPhraseQueryBuilder m) return String.valueOf(m.value());
        if (q instanceof MultiMatchQueryBuilder m) return String.valueOf(m.value());
        if (q instanceof QueryStringQueryBuilder m) return m.queryString();
        if (q instanceof SimpleQueryStringBuilder m) return m.value();
        if (q instanceof BoolQueryBuilder b) {
            List<QueryBuilder> scoring = new ArrayList<>(b.must());
            scoring.addAll(b.should());
            if (scoring.size() == 1) {
                return of(scoring.get(0));
            }
        }
        return null;
    }
}
