package org.llmrerank.rescorer.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
import org.llmrerank.rescorer.strategy.LabelScorer;
import org.llmrerank.rescorer.strategy.PromptTemplates;
import org.llmrerank.rescorer.strategy.PromptedSetwiseModel;
import org.llmrerank.rescorer.strategy.SetwiseHeapSort;
import org.llmrerank.rescorer.strategy.StrategyResult;
import org.llmrerank.rescorer.strategy.StrategySettings;
import org.llmrerank.rescorer.strategy.TextGenerator;
import org.llmrerank.rescorer.strategy.CallCost;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint;
import org.llmrerank.routing.runtime.llama.LlamaGenerator;
import org.llmrerank.routing.runtime.llama.ReferenceLlama;
import org.llmrerank.routing.runtime.llama.StandInLlama;

/**
 * The causal-LM adapters on a STAND-IN Qwen2 checkpoint (random weights, written by the test):
 * pointwise yes_no and qlm scores against the float64 reference's, one padded batch against one
 * passage at a time, setwise label logits against the reference, setwise heapsort end to end
 * through {@link AvailableModel} with its calls inside the estimator's range and the same ranking
 * as the reference's judgements, and greedy generation against the reference's argmax.
 * The rankings mean nothing (random weights); agreement is what is tested.
 */
class StandInCausalLmTest {

    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path tmp;
    static CausalLm lm;
    static ReferenceLlama reference;
    static final String QUERY = "why does the river run from the city";

    @BeforeAll
    static void load() throws IOException {
        Path dir = StandInLlama.write(tmp.resolve("qwen2"), StandInLlama.Shape.QWEN2, 28, StandInLlama.Layout.SINGLE_F32);
        lm = CausalLm.open("stand-in-qwen2", dir);
        reference = new ReferenceLlama(LlamaCheckpoint.open(dir));
    }

    @AfterAll
    static void close() {
        lm.close();
    }

    /** Random passages over the stand-in vocabulary's content words, of varied lengths (so batches pad). */
    static List<String> passages(int n, long seed) {
        List<String> words = StandInLlama.WORDS.subList(StandInLlama.WORDS.indexOf("cat"), StandInLlama.WORDS.size());
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + r.nextInt(14);
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < len; w++) {
                sb.append(w == 0 ? "" : " ").append(words.get(r.nextInt(words.size())));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static double[] lastReferenceLogits(long[] ids) {
        double[][] all = reference.logits(ids, LayerPath.full(reference.config().layers()));
        return all[all.length - 1];
    }

    private static void assertRelative(double expected, double actual, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        assertTrue(err < TOLERANCE, what + ": expected " + expected + ", got " + actual + " (relative error " + err + ")");
    }

    @Test
    void standInYesNoScoresEqualTheFloat64Reference() throws ModelException {
        List<String> ps = passages(6, 1);
        CausalLmPointwiseModel model = new CausalLmPointwiseModel(lm, RerankMethod.POINTWISE_YES_NO);
        PointwiseScores got = model.scorePointwise(QUERY, ps);
        long yes = lm.firstToken("Yes");
        long no = lm.firstToken("No");
        assertTrue(yes != no && yes > 2 && no > 2, "Yes and No are real vocabulary tokens");
        double[] expected = new double[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            double[] z = lastReferenceLogits(lm.tokenizer().encode(PromptTemplates.pointwiseYesNo(QUERY, ps.get(i)), true));
            expected[i] = 1 / (1 + Math.exp(z[(int) no] - z[(int) yes]));
            assertRelative(expected[i], got.scores()[i], "P(Yes) of passage " + i);
        }
        assertTrue(Arrays.stream(expected).max().getAsDouble() - Arrays.stream(expected).min().getAsDouble() > 1e-3,
                "scores differ between passages: " + Arrays.toString(expected));
    }

    @Test
    void standInQlmScoresEqualTheFloat64Reference() throws ModelException {
        List<String> ps = passages(5, 2);
        PointwiseScores got = new CausalLmPointwiseModel(lm, RerankMethod.POINTWISE_QLM).scorePointwise(QUERY, ps);
        long[] q = lm.tokenizer().encode(QUERY, false);
        for (int i = 0; i < ps.size(); i++) {
            long[] prompt = lm.tokenizer().encode(PromptTemplates.pointwiseQlm(ps.get(i)), true);
            long[] seq = Arrays.copyOf(prompt, prompt.length + q.length);
            System.arraycopy(q, 0, seq, prompt.length, q.length);
            double[][] z = reference.logits(seq, LayerPath.full(3));
            double sum = 0;
            for (int j = 0; j < q.length; j++) {
                double[] row = z[prompt.length - 1 + j];
                double max = Arrays.stream(row).max().getAsDouble();
                double lse = max + Math.log(Arrays.stream(row).map(v -> Math.exp(v - max)).sum());
                sum += row[(int) q[j]] - lse;
            }
            assertRelative(sum / q.length, got.scores()[i], "qlm of passage " + i);
        }
    }

    @Test
    void standInOnePaddedBatchEqualsOnePassageAtATime() throws ModelException {
        List<String> ps = passages(7, 3);
        for (RerankMethod m : List.of(RerankMethod.POINTWISE_YES_NO, RerankMethod.POINTWISE_QLM)) {
            CausalLmPointwiseModel model = new CausalLmPointwiseModel(lm, m);
            long before = lm.forwardCalls();
            PointwiseScores batch = model.scorePointwise(QUERY, ps);
            assertEquals(before + 1, lm.forwardCalls(), "one prefill for the whole call");
            double estimated = 0;
            double counted = 0;
            for (int i = 0; i < ps.size(); i++) {
                PointwiseScores one = model.scorePointwise(QUERY, List.of(ps.get(i)));
                assertRelative(one.scores()[0], batch.scores()[i], m + " passage " + i + " batched vs alone");
                // alone there is no padding: the count is the estimate exactly (nOpt = 0, same path)
                assertEquals(1.0, one.countedFlops() / one.estimatedFlops(), 1e-12);
                estimated += one.estimatedFlops();
                counted += one.countedFlops();
            }
            assertEquals(1.0, batch.estimatedFlops() / estimated, 1e-12, "estimates add up");
            assertTrue(batch.countedFlops() > counted, "the padded batch also computes its padding");
            System.out.printf("stand-in %s, 7 passages: estimated %.4e, counted %.4e in one padded batch"
                    + " (one by one %.4e)%n", m.methodName(), batch.estimatedFlops(), batch.countedFlops(), counted);
        }
    }

    @Test
    void standInRoutedPointwiseBatchEqualsOneByOneAndCostsItsChosenPaths() throws ModelException {
        // random Dr.LLM routers choose every prompt's path at prefill; the cost follows the chosen paths
        CausalLm routed = lm.routed(LayerRouters.xavier(3, lm.config().hidden(), 128, 2), LayerRouters.PLAIN);
        List<String> ps = passages(6, 7);
        CausalLmPointwiseModel model = new CausalLmPointwiseModel(routed, RerankMethod.POINTWISE_YES_NO);
        CausalLmPointwiseModel full = new CausalLmPointwiseModel(lm, RerankMethod.POINTWISE_YES_NO);
        PointwiseScores batch = model.scorePointwise(QUERY, ps);
        PointwiseScores fullDepth = full.scorePointwise(QUERY, ps);
        double estimated = 0;
        for (int i = 0; i < ps.size(); i++) {
            PointwiseScores one = model.scorePointwise(QUERY, List.of(ps.get(i)));
            assertRelative(one.scores()[0], batch.scores()[i], "routed passage " + i + " batched vs alone");
            assertEquals(1.0, one.countedFlops() / one.estimatedFlops(), 1e-12, "unpadded: counted == estimated");
            estimated += one.estimatedFlops();
        }
        assertEquals(1.0, batch.estimatedFlops() / estimated, 1e-12);
        System.out.printf("stand-in routed yes_no, 6 passages: estimated %.4e FLOPs vs %.4e at full depth%n",
                batch.estimatedFlops(), fullDepth.estimatedFlops());
        assertTrue(Math.abs(batch.estimatedFlops() / fullDepth.estimatedFlops() - 1) > 0.01, "the routers changed the depth");
    }

    /** Setwise label logits from the float64 reference, the same prompt and label tokens as the adapter. */
    private static final LabelScorer REFERENCE_LABELS = new LabelScorer() {
        @Override
        public String name() {
            return "float64-reference";
        }

        @Override
        public LabelLogits score(String prompt, List<String> labels) {
            long[] ids = lm.tokenizer().encode(prompt + CausalLmLabelScorer.ANSWER_PREFIX, true);
            double[] z = lastReferenceLogits(ids);
            double[] out = new double[labels.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = z[(int) lm.lastToken("Passage " + labels.get(i))];
            }
            return new LabelLogits(out, CallCost.NONE);
        }
    };

    @Test
    void standInSetwiseLabelLogitsEqualTheReference() throws ModelException {
        List<String> ps = passages(3, 4);
        String prompt = PromptTemplates.setwise(QUERY, ps);
        List<String> labels = List.of("A", "B", "C");
        LabelScorer.LabelLogits got = new CausalLmLabelScorer(lm).score(prompt, labels);
        double[] expected = REFERENCE_LABELS.score(prompt, labels).logits();
        for (int i = 0; i < 3; i++) {
            assertRelative(expected[i], got.logits()[i], "label " + labels.get(i));
        }
        assertEquals(1.0, got.cost().countedFlops() / got.cost().estimatedFlops(), 1e-12);
    }

    @Test
    void standInSetwiseHeapSortRunsEndToEndWithTheEstimatorsCallCount() throws ModelException {
        int n = 20;
        int k = 5;
        List<String> ps = passages(n, 5);
        StrategySettings settings = StrategySettings.paper();
        AvailableModel available = AvailableModel.builder(lm.name(), "stand-in", lm.architecture(), lm.tokenizer()::count)
                .pointwise(new CausalLmPointwiseModel(lm, RerankMethod.POINTWISE_YES_NO), RerankMethod.POINTWISE_YES_NO)
                .setwise(new PromptedSetwiseModel(new CausalLmLabelScorer(lm)))
                .build();
        long before = lm.forwardCalls();
        StrategyResult result = available.strategy(RerankMethod.SETWISE_HEAPSORT, settings).rerank(QUERY, ps, k);
        long calls = result.trace().calls();
        CallCount range = CallCounts.setwiseHeapSort(n, k, settings.numChild());
        System.out.printf("stand-in setwise.heapsort n=%d k=%d c=%d: %d calls (estimator: expected %.2f, range %d..%d),"
                        + " estimated %.4e FLOPs, counted %.4e%n", n, k, settings.numChild() + 1, calls, range.expected(),
                range.min(), range.max(), result.trace().estimatedFlops(), result.trace().countedFlops());
        assertTrue(range.min() <= calls && calls <= range.max(), calls + " outside " + range);
        // seed 28 was picked so the stand-in does not always answer "A" (which would give range.min()
        // and leave the order untouched): the comparison with the reference below then means something
        assertTrue(calls > range.min(), "the stand-in's judgements move passages");
        assertEquals(calls, lm.forwardCalls() - before, "one forward pass per call");
        assertEquals(1.0, result.trace().countedFlops() / result.trace().estimatedFlops(), 1e-12);
        int[] sorted = result.order().clone();
        Arrays.sort(sorted);
        assertArrayEquals(java.util.stream.IntStream.range(0, n).toArray(), sorted, "a permutation");
        // the same sort driven by the float64 reference's judgements places the same top-k
        StrategyResult expected = new SetwiseHeapSort(new PromptedSetwiseModel(REFERENCE_LABELS), settings.numChild())
                .rerank(QUERY, ps, k);
        assertArrayEquals(Arrays.copyOf(expected.order(), k), Arrays.copyOf(result.order(), k));
        assertEquals(expected.trace().calls(), calls);
    }

    @Test
    void standInEveryMethodRunsEndToEndWithCountedFlopsNearTheEstimate() throws ModelException {
        // pairwise (both orders), listwise.generation (RankGPT, greedy) and the rest, through AvailableModel
        List<String> ps = passages(8, 9);
        AvailableModel available = AvailableModel.builder(lm.name(), "stand-in", lm.architecture(), lm.tokenizer()::count)
                .pointwise(new CausalLmPointwiseModel(lm, RerankMethod.POINTWISE_QLM), RerankMethod.POINTWISE_QLM)
                .setwise(new PromptedSetwiseModel(new CausalLmLabelScorer(lm)))
                .pairwise(new org.llmrerank.rescorer.strategy.PromptedPairwiseModel(new CausalLmLabelScorer(lm)))
                .listwise(new org.llmrerank.rescorer.strategy.RankGptListwiseModel(new CausalLmTextGenerator(lm)))
                .build();
        StrategySettings settings = StrategySettings.paper().withListwise(4, 2, 1);
        for (RerankMethod m : available.methods()) {
            StrategyResult r = available.strategy(m, settings).rerank(QUERY, ps, 3);
            int[] sorted = r.order().clone();
            Arrays.sort(sorted);
            assertArrayEquals(java.util.stream.IntStream.range(0, 8).toArray(), sorted, m + " returns a permutation");
            double ratio = r.trace().countedFlops() / r.trace().estimatedFlops();
            System.out.printf("stand-in %s on 8 passages, k=3: %d calls, %d prompts, counted/estimated %.5f%n",
                    m.methodName(), r.trace().calls(), r.trace().prompts(), ratio);
            assertTrue(r.trace().calls() > 0);
            if (m == RerankMethod.POINTWISE_QLM) {
                // one left-padded batch of passages of 3..16 words: the padding is spent, never saved
                assertTrue(ratio >= 1 && ratio < 1.5, m + ": " + ratio);
            } else {
                // single unpadded prompts: only decode steps (one key each) separate the two
                assertEquals(1.0, ratio, 0.02, m.methodName());
            }
        }
        assertEquals(8, available.methods().size(), "qlm, 2 setwise, 3 pairwise, 2 listwise");
    }

    @Test
    void standInConcurrentCallsGiveTheSequentialScores() throws Exception {
        // RerankModel's contract: several search threads share one instance
        CausalLmPointwiseModel model = new CausalLmPointwiseModel(lm, RerankMethod.POINTWISE_YES_NO);
        List<List<String>> windows = List.of(passages(5, 31), passages(3, 32), passages(6, 33), passages(4, 34));
        List<float[]> sequential = new ArrayList<>();
        for (List<String> w : windows) {
            sequential.add(model.scorePointwise(QUERY, w).scores());
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (List<String> w : windows) {
                    futures.add(pool.submit(() -> model.scorePointwise(QUERY, w).scores()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(sequential.get(i % windows.size()), futures.get(i).get(), "window " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void standInGreedyGenerationEqualsTheReferenceArgmax() throws ModelException {
        String prompt = PromptTemplates.setwise(QUERY, passages(3, 6));
        TextGenerator.Generated g = new CausalLmTextGenerator(lm).generate(prompt, 5);
        long[] seq = lm.tokenizer().encode(prompt, true);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            double[] z = lastReferenceLogits(seq);
            int next = 0;
            for (int v = 1; v < z.length; v++) {
                if (z[v] > z[next]) {
                    next = v;
                }
            }
            expected.add((long) next);
            long chosen = next;
            if (Arrays.stream(lm.config().eosTokenIds()).anyMatch(e -> e == chosen)) {
                break;
            }
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = next;
        }
        assertEquals(lm.tokenizer().decode(expected.stream().mapToLong(Long::longValue).toArray()), g.text());
        assertEquals(expected.size() - 1, g.cost().outputTokens(), "tokens fed back");
        assertTrue(LlamaGenerator.argmax(new float[] {1, 3, 3}) == 1);
    }
}
