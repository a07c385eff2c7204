package org.llmrerank.routing.runtime.llama;

import java.util.ArrayList;
import java.util.List;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;

/**
 * Greedy decoding over a batch: prefill, then repeatedly feed every row its argmax token.
 * Generating m tokens feeds m − 1 of them back (the last is never needed), which is what the
 * counter records; E2R-FLOPs charges a call with {@code nOpt = m} for m fed tokens (E2R-FLOPs, decoder eqs. 3-7), so
 * its estimate for m generated tokens is one token-step above what runs here.
 */
public final class LlamaGenerator {

    private final DjlLlamaModel model;

    public LlamaGenerator(DjlLlamaModel model) {
        this.model = model;
    }

    /**
     * @param eosIds a row stops at any of these ids (kept in its output); none: never stop early.
     *              Rows that stopped keep being fed (batched) until all stop or maxNewTokens.
     */
    public List<long[]> generate(List<long[]> prompts, List<LayerPath> paths, int maxNewTokens, long[] eosIds,
                                 FlopsCounter counter) {
        try (LlamaSession session = model.prefill(prompts, paths, counter)) {
            return generate(session, maxNewTokens, eosIds);
        }
    }

    /** Greedy decoding from a prefilled session (e.g. one whose paths routers chose); the caller closes it. */
    public static List<long[]> generate(LlamaSession session, int maxNewTokens, long[] eosIds) {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        int rows = session.rows();
        List<List<Long>> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(new ArrayList<>());
        }
        boolean[] done = new boolean[rows];
        for (int step = 0; step < maxNewTokens; step++) {
            float[][] logits = session.lastLogits();
            long[] next = new long[rows];
            boolean allDone = true;
            for (int r = 0; r < rows; r++) {
                next[r] = argmax(logits[r]);
                if (!done[r]) {
                    out.get(r).add(next[r]);
                    done[r] = contains(eosIds, next[r]);
                }
                allDone &= done[r];
            }
            if (allDone || step == maxNewTokens - 1) {
                break;
            }
            session.decode(next);
        }
        List<long[]> result = new ArrayList<>();
        for (List<Long> ids : out) {
            result.add(ids.stream().mapToLong(Long::longValue).toArray());
        }
        return result;
    }

    private static boolean contains(long[] ids, long id) {
        for (long x : ids) {
            if (x == id) {
                return true;
            }
        }
        return false;
    }

    /** First index of the largest logit (ties go to the lower id, as torch.argmax). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
