package org.llmrerank.plugin;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opensearch.common.util.concurrent.ThreadContext;
import org.opensearch.search.rescore.RescorerBuilder;

/**
 * The {@code llm_rerank} clauses parsed while one REST request was read, so that a search can tell that a clause it
 * was written with is missing from it.
 *
 * <p>OpenSearch's rescore parser keeps only the last rescorer of a rescore object: in
 * {@code {"llm_rerank": {...}, "query": {...}}} the clause is parsed and then silently replaced, and the search would
 * run without its rerank and without saying so. A plugin's parser is handed only its own object, so it cannot see the
 * sibling; what it can do is note that it ran. The note lives in the request's thread context, which the HTTP layer
 * opens afresh for every request and carries to every thread that works on it, so notes never leak between requests.
 * A top-level search (one without a parent task: a {@code _search}, not one of an {@code _msearch} or an evaluation,
 * whose bodies hold several searches' clauses) then holds every clause noted for it; one it does not hold was dropped.
 */
final class ParsedClauses {

    private static final String KEY = "llm_rerank.parsed_clauses";
    /**
     * Each node's thread context by node name. The parser, a static function, learns its node from the name of the
     * thread it runs on ({@code opensearch[<node>][<pool>]...}); a parse on any other thread notes nothing, so nothing
     * is ever judged against a note that the request's own node did not write.
     */
    private static final Map<String, ThreadContext> CONTEXTS = new ConcurrentHashMap<>();

    private final Map<RescorerBuilder<?>, Boolean> clauses = new IdentityHashMap<>();

    private ParsedClauses() {}

    static void bind(String nodeName, ThreadContext context) {
        CONTEXTS.put(nodeName, context);
    }

    static void unbind(String nodeName) {
        CONTEXTS.remove(nodeName);
    }

    /** Called by the clause's parser. */
    static void noteParsed(RescorerBuilder<?> clause) {
        ThreadContext context = contextOfThisThread();
        if (context == null) {
            return;
        }
        ParsedClauses parsed = context.getTransient(KEY);
        if (parsed == null) {
            parsed = new ParsedClauses();
            context.putTransient(KEY, parsed);
        }
        synchronized (parsed) {
            parsed.clauses.put(clause, Boolean.TRUE);
        }
    }

    private static ThreadContext contextOfThisThread() {
        String thread = Thread.currentThread().getName();
        String prefix = "opensearch[";
        int end = thread.indexOf(']', prefix.length());
        if (thread.startsWith(prefix) == false || end < 0) {
            return null;
        }
        return CONTEXTS.get(thread.substring(prefix.length(), end));
    }

    /** The clauses noted in this request's context that {@code rescorers} does not hold; each is reported once. */
    static List<RescorerBuilder<?>> droppedFrom(ThreadContext context, List<RescorerBuilder> rescorers) {
        ParsedClauses parsed = context.getTransient(KEY);
        if (parsed == null) {
            return List.of();
        }
        List<RescorerBuilder<?>> dropped = new ArrayList<>();
        synchronized (parsed) {
            for (RescorerBuilder<?> clause : parsed.clauses.keySet()) {
                boolean held = rescorers != null && rescorers.stream().anyMatch(r -> r == clause);
                if (held == false) {
                    dropped.add(clause);
                }
            }
            parsed.clauses.clear();
        }
        return dropped;
    }
}
