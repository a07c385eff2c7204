package org.llmrerank.estimator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the rank_llm retrieval format ({@code bm25-top100-dl19.json}):
 * {@code [{"query": "...", "hits": [{"qid", "docid", "rank", "score", "content"}, ...]}, ...]}.
 * It is streamed so that every error can name the line of the query or hit it is about. Hits keep
 * file order (the first-stage order); all hits of a query must share one qid.
 */
public final class RankLlmJsonReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RankLlmJsonReader() {}

    public static List<QueryCandidates> read(Path file) {
        List<QueryCandidates> queries = new ArrayList<>();
        Set<String> qids = new HashSet<>();
        try (JsonParser p = MAPPER.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw at(file, p, "expected a JSON array of queries");
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                QueryCandidates q = readQuery(file, p, queries.size());
                if (!qids.add(q.qid())) {
                    throw new InputException(file + ": query " + q.qid() + " appears twice");
                }
                queries.add(q);
            }
        } catch (JsonProcessingException e) {
            throw new InputException(file + ":" + e.getLocation().getLineNr() + ": malformed JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (queries.isEmpty()) {
            throw new InputException(file + ": no queries");
        }
        return queries;
    }

    /** The first-stage scores as a run, for evaluating the input ranking itself. */
    public static Run toRun(List<QueryCandidates> queries) {
        Map<String, List<ScoredDoc>> results = new LinkedHashMap<>();
        for (QueryCandidates q : queries) {
            results.put(q.qid(), q.candidates().stream().map(c -> new ScoredDoc(c.docid(), c.score())).toList());
        }
        return new Run(results);
    }

    private static QueryCandidates readQuery(Path file, JsonParser p, int index) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw at(file, p, "query #" + index + " must be an object");
        }
        long queryLine = p.currentTokenLocation().getLineNr();
        String query = null;
        String qid = null;
        List<QueryCandidates.Candidate> hits = null;
        Set<String> docids = new HashSet<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
            String field = p.currentName();
            p.nextToken();
            if ("query".equals(field)) {
                if (p.currentToken() != JsonToken.VALUE_STRING) {
                    throw at(file, p, "query #" + index + ": 'query' must be a string");
                }
                query = p.getText();
            } else if ("hits".equals(field)) {
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw at(file, p, "query #" + index + ": 'hits' must be an array");
                }
                hits = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    long hitLine = p.currentTokenLocation().getLineNr();
                    JsonNode hit = p.readValueAsTree();
                    String where = "query #" + index + ", hit #" + hits.size();
                    if (hit == null || !hit.isObject()) {
                        throw InputException.atLine(file, hitLine, where + " must be an object");
                    }
                    String hitQid = idField(file, hitLine, where, hit, "qid");
                    if (qid == null) {
                        qid = hitQid;
                    } else if (!qid.equals(hitQid)) {
                        throw InputException.atLine(file, hitLine, where + ": qid " + hitQid
                                + " differs from the query's earlier hits (" + qid + ")");
                    }
                    String docid = idField(file, hitLine, where, hit, "docid");
                    if (!docids.add(docid)) {
                        throw InputException.atLine(file, hitLine, where + ": document " + docid + " listed twice");
                    }
                    JsonNode score = hit.get("score");
                    if (score == null || !score.isNumber() || !Double.isFinite(score.doubleValue())) {
                        throw InputException.atLine(file, hitLine, where + ": 'score' must be a finite number");
                    }
                    JsonNode content = hit.get("content");
                    if (content == null || !content.isTextual()) {
                        throw InputException.atLine(file, hitLine, where + ": 'content' must be a string");
                    }
                    hits.add(new QueryCandidates.Candidate(docid, score.doubleValue(), content.asText()));
                }
            } else {
                p.skipChildren();
            }
        }
        if (query == null) {
            throw InputException.atLine(file, queryLine, "query #" + index + ": missing 'query'");
        }
        if (hits == null || hits.isEmpty()) {
            // rank_llm keeps the qid only inside hits, so a query without hits cannot be identified
            throw InputException.atLine(file, queryLine, "query #" + index + ": missing or empty 'hits'");
        }
        return new QueryCandidates(qid, query, hits);
    }

    /** qid / docid may be JSON strings or integers (rank_llm writes qids as numbers). */
    private static String idField(Path file, long line, String where, JsonNode hit, String field) {
        JsonNode n = hit.get(field);
        if (n == null || !(n.isTextual() || n.isIntegralNumber()) || n.asText().isBlank()) {
            throw InputException.atLine(file, line, where + ": '" + field + "' must be a string or integer");
        }
        return n.asText();
    }

    private static InputException at(Path file, JsonParser p, String problem) {
        return InputException.atLine(file, p.currentTokenLocation().getLineNr(), problem);
    }
}
