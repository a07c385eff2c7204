package org.llmrerank.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.llmrerank.routing.tokenizer.Encoding;

/**
 * The one layout every bi-encoder engine uses for a rerank call: the query's encoding first, then
 * each passage's, embedded in a single request so the query shares a length-sorted batch with
 * passages of its length; and the way back from that request's rows to query and passages.
 */
public final class QueryPassageInputs {

    private QueryPassageInputs() {}

    public static List<Encoding> of(Encoding query, List<String> passages, Function<String, Encoding> encodePassage) {
        List<Encoding> inputs = new ArrayList<>(passages.size() + 1);
        inputs.add(query);
        for (String p : passages) {
            inputs.add(encodePassage.apply(p));
        }
        return inputs;
    }

    /** Rows 1.. of an embedding request built by {@link #of}. */
    public static float[][] passageRows(float[][] rows) {
        float[][] passages = new float[rows.length - 1][];
        System.arraycopy(rows, 1, passages, 0, passages.length);
        return passages;
    }

    /** Token counts of the passages of a request built by {@link #of}. */
    public static int[] passageTokens(List<Encoding> inputs) {
        int[] tokens = new int[inputs.size() - 1];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = inputs.get(i + 1).length();
        }
        return tokens;
    }
}
