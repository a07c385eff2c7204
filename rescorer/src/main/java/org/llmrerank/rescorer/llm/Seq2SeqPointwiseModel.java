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
import org.llmrerank.routing.runtime.t5.T5Session;

/**
 * Pointwise reranking with T5 (Setwise paper, pointwise prompts, the reference code's T5 path), all passages in one batch:
 * <ul>
 *   <li>{@code yes_no}: decoder input {@code <pad>} (decoder_start_token_id); score =
 *       softmax([z_Yes, z_No])[0] with the first tokens of "Yes" and "No", or monoT5's prompt and its
 *       "true" / "false" ({@link PointwisePrompt#MONO_T5});</li>
 *   <li>{@code qlm}: labels = {@code encode("<pad> {query}")} teacher-forced, decoder inputs the
 *       labels shifted right behind decoder_start_token_id as Hugging Face does for {@code labels};
 *       score = mean log-probability of the labels (the reference sums; same order within a call).</li>
 * </ul>
 */
public final class Seq2SeqPointwiseModel implements RerankModel {

    private final Seq2SeqLm lm;
    private final RerankMethod method;
    private final int maxQueryTokens;
    private final int maxPassageTokens;
    private final PointwisePrompt prompt;

    /** @param prompt how yes_no asks and reads the judgement (unused by qlm); formats of one decoder family are refused */
    public Seq2SeqPointwiseModel(Seq2SeqLm lm, RerankMethod method, PointwisePrompt prompt, int maxQueryTokens,
                                 int maxPassageTokens) {
        if (method != RerankMethod.POINTWISE_YES_NO && method != RerankMethod.POINTWISE_QLM) {
            throw new IllegalArgumentException("T5 scores pointwise by yes_no or qlm, not " + method);
        }
        if (prompt.decoderOnly()) {
            throw new IllegalArgumentException("prompt " + prompt.name() + " is a decoder's own format; T5 has none");
        }
        this.lm = lm;
        this.method = method;
        this.prompt = prompt;
        this.maxQueryTokens = maxQueryTokens;
        this.maxPassageTokens = maxPassageTokens;
    }

    public Seq2SeqPointwiseModel(Seq2SeqLm lm, RerankMethod method, int maxQueryTokens, int maxPassageTokens) {
        this(lm, method, PointwisePrompt.YES_NO, maxQueryTokens, maxPassageTokens);
    }

    public Seq2SeqPointwiseModel(Seq2SeqLm lm, RerankMethod method, PointwisePrompt prompt) {
        this(lm, method, prompt, 32, 128);
    }

    public Seq2SeqPointwiseModel(Seq2SeqLm lm, RerankMethod method) {
        this(lm, method, PointwisePrompt.YES_NO);
    }

    @Override
    public String name() {
        return lm.name();
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
            List<long[]> prompts = new ArrayList<>();
            for (String p : passages) {
                String passage = lm.truncate(p, maxPassageTokens);
                String text = method == RerankMethod.POINTWISE_YES_NO
                        ? prompt.render(q, passage) : PromptTemplates.pointwiseQlm(passage);
                prompts.add(lm.tokenizer().encode(text, true));
            }
            long[] lengths = prompts.stream().mapToLong(x -> x.length).toArray();
            FlopsCounter counter = new FlopsCounter();
            float[] scores = new float[passages.size()];
            int decoderTokens;
            try (T5Session s = lm.encode(prompts, counter)) {
                long start = lm.config().decoderStartTokenId();
                if (method == RerankMethod.POINTWISE_YES_NO) {
                    decoderTokens = 1;
                    s.decode(Seq2SeqLm.repeat(new long[] {start}, scores.length));
                    float[][] z = s.lastLogits();
                    int yes = (int) lm.encodeContinuation(prompt.yes())[0];
                    int no = (int) lm.encodeContinuation(prompt.no())[0];
                    for (int r = 0; r < scores.length; r++) {
                        scores[r] = (float) (1 / (1 + Math.exp((double) z[r][no] - z[r][yes])));
                    }
                } else {
                    long[] labels = lm.encodeContinuation("<pad> " + q);
                    long[] inputs = new long[labels.length];
                    inputs[0] = start;
                    System.arraycopy(labels, 0, inputs, 1, labels.length - 1);
                    decoderTokens = inputs.length;
                    s.decode(Seq2SeqLm.repeat(inputs, scores.length));
                    float[][][] z = s.chunkLogits();
                    for (int r = 0; r < scores.length; r++) {
                        double sum = 0;
                        for (int i = 0; i < labels.length; i++) {
                            sum += CausalLmPointwiseModel.logSoftmax(z[r][i], (int) labels[i]);
                        }
                        scores[r] = (float) (sum / labels.length);
                    }
                }
            }
            CallCost cost = lm.cost(counter, lengths, decoderTokens);
            return new PointwiseScores(scores, cost.estimatedFlops(), cost.countedFlops(), cost.promptTokens());
        } catch (RuntimeException e) {
            throw new ModelException("model [" + name() + "] " + method.methodName() + ": " + e.getMessage(), e);
        }
    }
}
