package org.llmrerank.rescorer.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.estimator.CallCount;
import org.llmrerank.estimator.CallCounts;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.ModelException;
import org.llmrerank.rescorer.PointwiseScores;
import org.llmrerank.rescorer.strategy.AvailableModel;
import org.llmrerank.rescorer.strategy.CallCost;
import org.llmrerank.rescorer.strategy.LabelScorer;
import org.llmrerank.rescorer.strategy.PromptTemplates;
import org.llmrerank.rescorer.strategy.PromptedSetwiseModel;
import org.llmrerank.rescorer.strategy.SetwiseHeapSort;
import org.llmrerank.rescorer.strategy.StrategyResult;
import org.llmrerank.rescorer.strategy.StrategySettings;
import org.llmrerank.rescorer.strategy.TextGenerator;
import org.llmrerank.routing.runtime.t5.ReferenceT5;
import org.llmrerank.routing.runtime.t5.StandInT5;
import org.llmrerank.routing.runtime.t5.T5Checkpoint;

/**
 * The T5 adapters on a STAND-IN Flan-style checkpoint (random weights, written by the test), the
 * same checks as {@link StandInCausalLmTest}: scores and label logits equal the float64 reference's,
 * one batch equals one passage at a time, setwise heapsort end to end with the estimator's call
 * range, greedy generation equal to the reference's argmax.
 */
class StandInSeq2SeqTest {

    private static final double TOLERANCE = 1e-4;
    static final long SEED = Long.getLong("standin.t5.seed", 4);

    @TempDir
    static Path tmp;
    static Seq2SeqLm lm;
    static ReferenceT5 reference;
    static final String QUERY = StandInCausalLmTest.QUERY;

    @BeforeAll
    static void load() throws IOException {
        Path dir = StandInT5.write(tmp.resolve("flan"), StandInT5.Shape.FLAN, SEED);
        lm = Seq2SeqLm.open("stand-in-flan-t5", dir);
        reference = new ReferenceT5(T5Checkpoint.open(dir));
    }

    @AfterAll
    static void close() {
        lm.close();
    }

    private static void assertRelative(double expected, double actual, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        assertTrue(err < TOLERANCE, what + ": expected " + expected + ", got " + actual + " (relative error " + err + ")");
    }

    private static double logSoftmax(double[] row, int target) {
        double max = Arrays.stream(row).max().getAsDouble();
        return row[target] - max - Math.log(Arrays.stream(row).map(v -> Math.exp(v - max)).sum());
    }

    @Test
    void standInT5YesNoAndQlmEqualTheReference() throws ModelException {
        List<String> ps = StandInCausalLmTest.passages(5, 11);
        PointwiseScores yesNo = new Seq2SeqPointwiseModel(lm, RerankMethod.POINTWISE_YES_NO).scorePointwise(QUERY, ps);
        PointwiseScores qlm = new Seq2SeqPointwiseModel(lm, RerankMethod.POINTWISE_QLM).scorePointwise(QUERY, ps);
        int yes = (int) lm.encodeContinuation("Yes")[0];
        int no = (int) lm.encodeContinuation("No")[0];
        long[] labels = lm.encodeContinuation("<pad> " + QUERY);
        assertEquals(0, labels[0], "the qlm labels start with <pad>");
        long[] inputs = new long[labels.length];
        System.arraycopy(labels, 0, inputs, 1, labels.length - 1);
        for (int i = 0; i < ps.size(); i++) {
            double[] z = reference.logits(lm.tokenizer().encode(PromptTemplates.pointwiseYesNo(QUERY, ps.get(i)), true),
                    new long[] {0})[0];
            assertRelative(1 / (1 + Math.exp(z[no] - z[yes])), yesNo.scores()[i], "P(Yes) " + i);
            double[][] zq = reference.logits(lm.tokenizer().encode(PromptTemplates.pointwiseQlm(ps.get(i)), true), inputs);
            double sum = 0;
            for (int j = 0; j < labels.length; j++) {
                sum += logSoftmax(zq[j], (int) labels[j]);
            }
            assertRelative(sum / labels.length, qlm.scores()[i], "qlm " + i);
        }
    }

    @Test
    void standInT5BatchEqualsOneByOne() throws ModelException {
        List<String> ps = StandInCausalLmTest.passages(6, 12);
        for (RerankMethod m : List.of(RerankMethod.POINTWISE_YES_NO, RerankMethod.POINTWISE_QLM)) {
            Seq2SeqPointwiseModel model = new Seq2SeqPointwiseModel(lm, m);
            PointwiseScores batch = model.scorePointwise(QUERY, ps);
            double estimated = 0;
            for (int i = 0; i < ps.size(); i++) {
                PointwiseScores one = model.scorePointwise(QUERY, List.of(ps.get(i)));
                assertRelative(one.scores()[0], batch.scores()[i], m + " passage " + i);
                estimated += one.estimatedFlops();
                assertEquals(1.0, one.countedFlops() / one.estimatedFlops(), 0.02, "within 2% of the estimator");
            }
            assertEquals(1.0, batch.estimatedFlops() / estimated, 1e-12);
        }
    }

    private static final LabelScorer REFERENCE_LABELS = new LabelScorer() {
        @Override
        public String name() {
            return "float64-reference";
        }

        @Override
        public LabelLogits score(String prompt, List<String> labels) {
            long[] prefix = lm.encodeContinuation(Seq2SeqLabelScorer.DECODER_PREFIX);
            double[][] z = reference.logits(lm.tokenizer().encode(prompt, true), prefix);
            double[] out = new double[labels.size()];
            for (int i = 0; i < out.length; i++) {
                long[] t = lm.encodeContinuation(Seq2SeqLabelScorer.DECODER_PREFIX + " " + labels.get(i));
                out[i] = z[prefix.length - 1][(int) t[t.length - 1]];
            }
            return new LabelLogits(out, CallCost.NONE);
        }
    };

    @Test
    void standInT5SetwiseHeapSortEndToEnd() throws ModelException {
        int n = 20;
        int k = 5;
        List<String> ps = StandInCausalLmTest.passages(n, 13);
        String prompt = PromptTemplates.setwise(QUERY, ps.subList(0, 3));
        LabelScorer.LabelLogits got = new Seq2SeqLabelScorer(lm).score(prompt, List.of("A", "B", "C"));
        double[] expected = REFERENCE_LABELS.score(prompt, List.of("A", "B", "C")).logits();
        for (int i = 0; i < 3; i++) {
            assertRelative(expected[i], got.logits()[i], "label " + i);
        }
        StrategySettings settings = StrategySettings.paper();
        AvailableModel available = AvailableModel.builder(lm.name(), "stand-in", lm.architecture(), lm.tokenizer()::count)
                .setwise(new PromptedSetwiseModel(new Seq2SeqLabelScorer(lm))).build();
        long before = lm.forwardCalls();
        StrategyResult result = available.strategy(RerankMethod.SETWISE_HEAPSORT, settings).rerank(QUERY, ps, k);
        long calls = result.trace().calls();
        CallCount range = CallCounts.setwiseHeapSort(n, k, settings.numChild());
        System.out.printf("stand-in flan-t5 setwise.heapsort n=%d k=%d: %d calls (estimator range %d..%d, expected %.2f),"
                        + " estimated %.4e, counted %.4e%n", n, k, calls, range.min(), range.max(), range.expected(),
                result.trace().estimatedFlops(), result.trace().countedFlops());
        assertTrue(range.min() < calls && calls <= range.max(), calls + " outside " + range + " or always the parent");
        assertEquals(calls, lm.forwardCalls() - before);
        assertEquals(1.0, result.trace().countedFlops() / result.trace().estimatedFlops(), 0.02);
        StrategyResult ref = new SetwiseHeapSort(new PromptedSetwiseModel(REFERENCE_LABELS), settings.numChild())
                .rerank(QUERY, ps, k);
        assertArrayEquals(Arrays.copyOf(ref.order(), k), Arrays.copyOf(result.order(), k));
    }

    @Test
    void standInT5GreedyGenerationEqualsTheReference() throws ModelException {
        String prompt = PromptTemplates.pointwiseQlm(StandInCausalLmTest.passages(1, 14).get(0));
        TextGenerator.Generated g = new Seq2SeqTextGenerator(lm).generate(prompt, 4);
        long[] ids = lm.tokenizer().encode(prompt, true);
        List<Long> inputs = new ArrayList<>(List.of(0L));
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            double[][] z = reference.logits(ids, inputs.stream().mapToLong(Long::longValue).toArray());
            double[] last = z[z.length - 1];
            int next = 0;
            for (int v = 1; v < last.length; v++) {
                if (last[v] > last[next]) {
                    next = v;
                }
            }
            out.add((long) next);
            inputs.add((long) next);
            if (next == 1) {
                break;
            }
        }
        assertEquals(lm.tokenizer().decode(out.stream().mapToLong(Long::longValue).toArray()), g.text());
    }
}
