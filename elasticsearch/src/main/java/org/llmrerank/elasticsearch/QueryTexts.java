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
import org.llmrerank.rest.clause.QueryText;

/** The text a query searches for, when it is one text query: what the model reranks for unless the clause says. */
public final class QueryTexts {

    /** Elasticsearch's text queries, for the engine-neutral rule of which queries give a text. */
    private static final QueryText.View<QueryBuilder> VIEW = new QueryText.View<>() {
        @Override
        public String text(QueryBuilder q) {
            if (q instanceof MatchQueryBuilder m) return String.valueOf(m.value());
            if (q instanceof MatchPhraseQueryBuilder m) return String.valueOf(m.value());
            if (q instanceof MultiMatchQueryBuilder m) return String.valueOf(m.value());
            if (q instanceof QueryStringQueryBuilder m) return m.queryString();
            if (q instanceof SimpleQueryStringBuilder m) return m.value();
            return null;
        }

        @Override
        public List<QueryBuilder> scoringClauses(QueryBuilder q) {
            if (q instanceof BoolQueryBuilder b) {
                List<QueryBuilder> scoring = new ArrayList<>(b.must());
                scoring.addAll(b.should());
                return scoring;
            }
            return null;
        }
    };

    private QueryTexts() {}

    /** The query's text when it is a single text query (possibly the only scoring clause of a bool), else null. */
    public static String of(QueryBuilder q) {
        return QueryText.of(q, VIEW);
    }
}
