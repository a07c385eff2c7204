package org.llmrerank.rescorer.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.RerankModel;
import org.llmrerank.rescorer.Strategy;
import org.llmrerank.rescorer.strategy.CallCost;
import org.llmrerank.rescorer.strategy.PromptTemplates;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.llama.LlamaSession;

/**
 * Pointwise reranking with a causal LM (Setwise paper, pointwise prompts), every passage of a call in one left-padded prefill:
 * <ul>
 *   <li>{@code yes_no}: the paper's prompt (or a reranker's own, {@link PointwisePrompt}); score =
 *       softmax([z_Yes, z_No])[0] over the next-token logits of the first token of "Yes" and of "No"
 *       (or of the prompt's answer words), or sigmoid(z_Yes) where the prompt reads the answer word's logit
 *       alone ({@link PointwisePrompt.Reading#YES_LOGIT});</li>
 *   <li>{@code qlm}: the paper's passage prompt followed by the query tokens (teacher-forced, in the
 *       same prefill); score = the mean log-probability of the query tokens. The reference code sums
 *       (log P(query)); the query is the same for every passage of a call, so the two rank alike and
 *       the mean stays comparable across queries of different lengths.</li>
 * </ul>
 * Query and passages are first cut to the paper's token limits (32 and 128 by default).
 */
public final class CausalLmPointwiseModel implements RerankModel {

    private final CausalLm lm;
    private final RerankMethod method;
    private final int maxQueryTokens;
    private final int maxPassageTokens;
    private final PointwisePrompt prompt;
    private final long yes;
    private final long no;

    /** @param prompt how yes_no asks and reads the judgement (unused by qlm) */
    public CausalLmPointwiseModel(CausalLm lm, RerankMethod method, PointwisePrompt prompt, int maxQueryTokens,
                                  int maxPassageTokens) {
        if (method != RerankMethod.POINTWISE_YES_NO && method != RerankMethod.POINTWISE_QLM) {
            throw new IllegalArgumentException("a causal LM scores pointwise by yes_no or qlm, not " + method);
        }
        this.lm = lm;
        this.method = method;
        this.prompt = prompt;
        this.maxQueryTokens = maxQueryTokens;
        this.maxPassageTokens = maxPassageTokens;
        this.yes = lm.firstToken(prompt.yes());
        this.no = lm.firstToken(prompt.no());
    }

    public CausalLmPointwiseModel(CausalLm lm, RerankMethod method, int maxQueryTokens, int maxPassageTokens) {
        this(lm, method, PointwisePrompt.YES_NO, maxQueryTokens, maxPassageTokens);
    }

    public CausalLmPointwiseModel(CausalLm lm, RerankMethod method, PointwisePrompt prompt) {
        this(lm, method, prompt, 32, 128);
    }

    public CausalLmPointwiseModel(CausalLm lm, RerankMethod method) {
        this(lm, method, PointwisePrompt.YES_NO);
    }

    @Override
    public String name() {
        return lm.name();
    }

    public RerankMethod method() {
        return method;
    }

    /** Its one method; the checkpoint that holds it serves the rest ({@link CheckpointRerankModel}). */
    @Override
    public Set<Strategy> supportedStrategies() {
        return Strategy.runnableWith(Set.of(method));
    }

    @Override
    public PointwiseScores scorePointwise(String query, List<String> passages) throws ModelException {
        if (passages.isEmpty()) {
            return new PointwiseScores(new float[0], 0, 0, 0);
        }
        try {
            String q = lm.truncate(query, maxQueryTokens);
            return method == RerankMethod.POINTWISE_YES_NO ? yesNo(q, passages) : qlm(q, passages);
        } catch (RuntimeException e) {
            throw new ModelException("model [" + name() + "] " + method.methodName() + ": " + e.getMessage(), e);
        }
    }

    private PointwiseScores yesNo(String query, List<String> passages) {
        List<long[]> prompts = new ArrayList<>();
        for (String p : passages) {
            prompts.add(encode(prompt.pieces(query, lm.truncate(p, maxPassageTokens))));
        }
        FlopsCounter counter = new FlopsCounter();
        float[] scores = new float[passages.size()];
        try (LlamaSession s = lm.prefill(prompts, counter)) {
            float[][] logits = s.lastLogits();
            for (int r = 0; r < scores.length; r++) {
                // softmax over the two labels, P(Yes) = 1 / (1 + e^(z_No − z_Yes)); or the sigmoid of z_Yes alone
                double logit = prompt.reading() == PointwisePrompt.Reading.YES_LOGIT
                        ? logits[r][(int) yes] : (double) logits[r][(int) yes] - logits[r][(int) no];
                scores[r] = (float) (1 / (1 + Math.exp(-logit)));
            }
            return scores(scores, lm.cost(s, counter, lengths(prompts), 0));
        }
    }

    /** The token ids of one prompt, by the prompt's {@link PointwisePrompt.Encoding}. */
    private long[] encode(List<String> pieces) {
        return switch (prompt.encoding()) {
            case PLAIN -> lm.encodePrompt(String.join("", pieces), "");
            case CHAT_FORMATTED -> lm.tokenizer().encode(String.join("", pieces), false);
            case BOS_THEN_PIECES -> {
                long[] bos = lm.tokenizer().encode("", true);
                if (bos.length != 1) {
                    throw new IllegalArgumentException("prompt " + prompt.name() + " starts with BOS, and the tokenizer adds "
                            + bos.length + " special tokens to an empty text");
                }
                List<long[]> parts = new ArrayList<>(List.of(bos));
                for (String piece : pieces) {
                    parts.add(lm.tokenizer().encode(piece, false));
                }
                yield concat(parts);
            }
        };
    }

    private static long[] concat(List<long[]> parts) {
        long[] out = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private PointwiseScores qlm(String query, List<String> passages) {
        long[] queryIds = lm.tokenizer().encode(query, false);
        if (queryIds.length == 0) {
            throw new IllegalArgumentException("the query encodes to no token");
        }
        List<long[]> sequences = new ArrayList<>();
        int[] promptLengths = new int[passages.size()];
        for (int i = 0; i < passages.size(); i++) {
            long[] prompt = lm.encodePrompt(PromptTemplates.pointwiseQlm(lm.truncate(passages.get(i), maxPassageTokens)), "");
            promptLengths[i] = prompt.length;
            long[] seq = java.util.Arrays.copyOf(prompt, prompt.length + queryIds.length);
            System.arraycopy(queryIds, 0, seq, prompt.length, queryIds.length);
            sequences.add(seq);
        }
        FlopsCounter counter = new FlopsCounter();
        float[] scores = new float[passages.size()];
        try (LlamaSession s = lm.prefill(sequences, counter)) {
            for (int r = 0; r < scores.length; r++) {
                // logits after position t predict token t + 1: the query tokens are predicted from
                // the last prompt position up to the second-to-last query position
                float[][] logits = s.promptLogits(r, promptLengths[r] - 1, promptLengths[r] + queryIds.length - 1);
                double sum = 0;
                for (int i = 0; i < queryIds.length; i++) {
                    sum += logSoftmax(logits[i], (int) queryIds[i]);
                }
                scores[r] = (float) (sum / queryIds.length);
            }
            return scores(scores, lm.cost(s, counter, lengths(sequences), 0));
        }
    }

    /** log softmax(z)[target], in double with the max subtracted. */
    static double logSoftmax(float[] z, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        return z[target] - max - Math.log(sum);
    }

    private static long[] lengths(List<long[]> prompts) {
        return prompts.stream().mapToLong(p -> p.length).toArray();
    }

    private static PointwiseScores scores(float[] scores, CallCost cost) {
        return new PointwiseScores(scores, cost.estimatedFlops(), cost.countedFlops(), cost.promptTokens());
    }
}
