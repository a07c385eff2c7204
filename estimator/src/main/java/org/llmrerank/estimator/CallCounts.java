package org.llmrerank.estimator;

import java.util.SplittableRandom;

/**
 * Model-call counts per query for each reranking method, following the reference implementations
 * (ielab/llm-rankers, TourRank, ICR) step by step. What one "call" is matters for FLOPs and
 * is stated per method; rescorer implementations assert their counts against these.
 *
 * <p>Sorting methods stop once the top {@code k} are placed (Setwise paper, setup). Counts that depend on the
 * model's answers (heapsort) come with exact {@code min}/{@code max} over all possible answer
 * sequences and an {@code expected} value; counts that do not (bubblesort, listwise, pointwise,
 * allpair, TourRank, ICR) are exact.
 */
public final class CallCounts {

    /** Permutations averaged for heapsort's expected count; fixed seed keeps predictions reproducible. */
    static final int EXPECTATION_TRIALS = 512;
    private static final long EXPECTATION_SEED = 929L;

    private CallCounts() {}

    /** pointwise.yes_no / pointwise.qlm: one forward pass per passage. */
    public static CallCount pointwise(int n) {
        requireDocs(n);
        return CallCount.exact(n, 1, n == 0 ? 0 : 1);
    }

    /**
     * pairwise.allpair: every ordered pair is one single prompt of two passages, n·(n−1) calls, as
     * the E2R paper counts them (9,900 for 100 passages; E2R-FLOPs, prompt and output tokens per method).
     */
    public static CallCount pairwiseAllPair(int n) {
        requireDocs(n);
        long calls = (long) n * (n - 1);
        return CallCount.exact(calls, 2, calls == 0 ? 0 : 2);
    }

    /**
     * pairwise.bubblesort. One call = one comparison of two adjacent passages, which runs both
     * prompt orders (A,B) and (B,A) as one batch. Pass i (0-based, i &lt; min(k, n−1)) compares
     * positions (j, j−1) for j = n−1 down to i+1, i.e. n−1−i calls, so the total is exact:
     * Σ_{i&lt;min(k,n−1)} (n−1−i). This is the algorithm <em>without</em> llm-rankers' {@code last_end}
     * optimisation (which skips an unchanged tail and made the paper's measured counts lower,
     * e.g. 844.2 instead of 945 for n = 100, k = 10).
     */
    public static CallCount pairwiseBubbleSort(int n, int k) {
        requireDocs(n);
        requireK(k);
        long calls = 0;
        for (int i = 0; i < Math.min(k, n - 1); i++) {
            calls += n - 1 - i;
        }
        return CallCount.exact(calls, 2, calls == 0 ? 0 : 2);
    }

    /**
     * setwise.bubblesort with c = numChild + 1 passages per window. Pass i (i &lt; min(k, n−1)) starts
     * with the window [n−c, n) and moves it up by numChild positions ({@code start -= numChild,
     * end -= numChild}); when start drops below i it is clamped to i (the window shrinks to [i, end))
     * and that window is the pass's last call. Exact; without the {@code last_start} tail-skip of
     * llm-rankers (see {@link #pairwiseBubbleSort}).
     */
    public static CallCount setwiseBubbleSort(int n, int k, int numChild) {
        requireDocs(n);
        requireK(k);
        requireNumChild(numChild);
        long calls = 0;
        long passages = 0;
        int maxPassages = 0;
        for (int i = 0; i < Math.min(k, n - 1); i++) {
            int start = n - (numChild + 1);
            int end = n;
            while (true) {
                if (start < i) {
                    start = i;
                }
                int inWindow = end - start;
                calls++;
                passages += inWindow;
                maxPassages = Math.max(maxPassages, inWindow);
                if (start == i) {
                    break;
                }
                start -= numChild;
                end -= numChild;
            }
        }
        return CallCount.exact(calls, calls == 0 ? 0 : (double) passages / calls, maxPassages);
    }

    /**
     * Sliding-window listwise (RankGPT; RankGPT listwise, as in the Setwise paper): per pass, windows [start, start+w) with start =
     * n−w, n−w−s, … while start ≥ 0, i.e. ⌊(n−w)/s⌋+1 windows; {@code repeats} passes. One call per
     * window (generation: one generate; likelihood: one forward pass). 100 passages, w = 4, s = 2,
     * 5 repeats: 49·5 = 245 calls. When n &lt; w, llm-rankers would make no call at all; we count one
     * window over all n passages, which is what a reranker must do to rank them.
     */
    public static CallCount listwise(int n, int window, int step, int repeats) {
        requireDocs(n);
        if (window < 2 || step < 1 || repeats < 1) {
            throw new IllegalArgumentException("listwise needs window >= 2, step >= 1, repeats >= 1; got window="
                    + window + ", step=" + step + ", repeats=" + repeats);
        }
        if (n < 2) {
            return CallCount.exact(0, 0, 0);
        }
        long perPass = n < window ? 1 : (n - window) / step + 1;
        int width = Math.min(n, window);
        return CallCount.exact(perPass * repeats, width, width);
    }

    /**
     * setwise.heapsort (Setwise paper, setwise prompt): an n-ary max-heap with fan-out numChild. heapify(i) on a heap of
     * size m makes one call over [arr[i]] + its children (positions numChild·i+1 .. numChild·(i+1),
     * clipped to m) when i has a child, and recurses into the winner's position when the winner is not
     * the parent. Build: heapify(i) for i = n/numChild down to 0. Then for heap sizes m = n−1 down to
     * n−k+1 (k−1 times, at least 1): swap the root out and heapify(0). So {@code min} = every heapify
     * stops at its first call (the model always prefers the parent), {@code max} = every heapify sinks
     * along the costliest path (a model that always prefers the first child attains it, since the first
     * child's subtree is the deepest), both exact; {@code expected} = the mean over
     * {@value #EXPECTATION_TRIALS} uniformly random initial orders with a consistent (transitive)
     * model, i.e. preferences unrelated to the BM25 order. BM25 order is positively correlated with
     * relevance, so real counts sit below it: 125.4 measured on DL19 (Flan-T5-large, c = 3) against
     * about 140 here.
     */
    public static CallCount setwiseHeapSort(int n, int k, int numChild) {
        requireNumChild(numChild);
        return heapSort(n, k, numChild, false);
    }

    /**
     * pairwise.heapsort (PRP pairwise prompt, as in the Setwise paper): a binary max-heap whose {@code >} is one model call (both prompt
     * orders batched, two passages). heapify(i) makes one call per existing child (left vs parent,
     * then right vs the larger), then recurses into the winner. Build from i = n/2 down to 0, then
     * k−1 root heapifies, as {@link #setwiseHeapSort}; min/max/expected defined the same way.
     */
    public static CallCount pairwiseHeapSort(int n, int k) {
        return heapSort(n, k, 2, true);
    }

    /** ICR ("IRL"): a query pass and a content-free calibration pass, each over all n passages. */
    public static CallCount icr(int n) {
        requireDocs(n);
        return n == 0 ? CallCount.exact(0, 0, 0) : CallCount.exact(2, n, n);
    }

    /** TourRank: {@code tournaments} × the schedule's calls (13 for 100 passages, 130 with R = 10). */
    public static CallCount tourRank(int n, int tournaments) {
        TourRankSchedule schedule = TourRankSchedule.forDocs(n);
        if (tournaments < 1) {
            throw new IllegalArgumentException("tournaments must be >= 1, got " + tournaments);
        }
        long calls = (long) schedule.callsPerTournament() * tournaments;
        return CallCount.exact(calls, schedule.meanPassagesPerCall(), schedule.maxPassagesPerCall());
    }

    // ------------------------------------------------------------------ heapsort

    private static CallCount heapSort(int n, int k, int fanOut, boolean pairwise) {
        requireDocs(n);
        requireK(k);
        if (n < 2) {
            return CallCount.exact(0, 0, 0);
        }
        long min = 0;
        long max = 0;
        for (int i = n / fanOut; i >= 0; i--) {
            min += nodeCalls(n, i, fanOut, pairwise);
            max += worstSiftCalls(n, i, fanOut, pairwise);
        }
        for (int size : extractionHeapSizes(n, k)) {
            min += nodeCalls(size, 0, fanOut, pairwise);
            max += worstSiftCalls(size, 0, fanOut, pairwise);
        }
        HeapSimulation sim = new HeapSimulation(fanOut, pairwise);
        SplittableRandom random = new SplittableRandom(EXPECTATION_SEED);
        for (int t = 0; t < EXPECTATION_TRIALS; t++) {
            sim.run(randomPermutation(n, random), k);
        }
        double expected = (double) sim.calls / EXPECTATION_TRIALS;
        double passagesPerCall = sim.calls == 0 ? 0 : (double) sim.passages / sim.calls;
        int maxPassages = pairwise ? 2 : Math.min(n, fanOut + 1);
        return new CallCount(expected, min, max, passagesPerCall, maxPassages);
    }

    /** Heap sizes at which the root is re-heapified: n−1 down to n−k+1 (the k-th extraction stops). */
    private static int[] extractionHeapSizes(int n, int k) {
        int count = Math.max(0, Math.min(k, n) - 1);
        int[] sizes = new int[count];
        for (int j = 0; j < count; j++) {
            sizes[j] = n - 1 - j;
        }
        return sizes;
    }

    /** Calls made at node i itself of a heap of the given size (before any recursion). */
    private static long nodeCalls(int size, int i, int fanOut, boolean pairwise) {
        long children = childCount(size, i, fanOut);
        if (children == 0) {
            return 0;
        }
        return pairwise ? children : 1;
    }

    private static long worstSiftCalls(int size, int i, int fanOut, boolean pairwise) {
        long here = nodeCalls(size, i, fanOut, pairwise);
        if (here == 0) {
            return 0;
        }
        long worstChild = 0;
        int first = fanOut * i + 1;
        int last = Math.min(fanOut * (i + 1) + 1, size);
        for (int c = first; c < last; c++) {
            worstChild = Math.max(worstChild, worstSiftCalls(size, c, fanOut, pairwise));
        }
        return here + worstChild;
    }

    private static int childCount(int size, int i, int fanOut) {
        long first = (long) fanOut * i + 1;
        if (first >= size) {
            return 0;
        }
        return (int) (Math.min((long) fanOut * (i + 1) + 1, size) - first);
    }

    private static int[] randomPermutation(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** The reference heapsort run with a consistent model (larger value = more relevant), counting calls. */
    private static final class HeapSimulation {
        private final int fanOut;
        private final boolean pairwise;
        long calls;
        long passages;

        HeapSimulation(int fanOut, boolean pairwise) {
            this.fanOut = fanOut;
            this.pairwise = pairwise;
        }

        void run(int[] arr, int k) {
            int n = arr.length;
            for (int i = n / fanOut; i >= 0; i--) {
                heapify(arr, n, i);
            }
            int ranked = 0;
            for (int i = n - 1; i > 0; i--) {
                swap(arr, 0, i);
                ranked++;
                if (ranked == k) {
                    break;
                }
                heapify(arr, i, 0);
            }
        }

        private void heapify(int[] arr, int size, int i) {
            int children = childCount(size, i, fanOut);
            if (children == 0) {
                return;
            }
            int first = fanOut * i + 1;
            int best = i;
            for (int c = first; c < first + children; c++) {
                if (arr[c] > arr[best]) {
                    best = c;
                }
            }
            if (pairwise) {
                calls += children;
                passages += 2L * children;
            } else {
                calls++;
                passages += 1 + children;
            }
            if (best != i) {
                swap(arr, i, best);
                heapify(arr, size, best);
            }
        }

        private static void swap(int[] a, int i, int j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void requireDocs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("number of passages must be >= 0, got " + n);
        }
    }

    private static void requireK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top_k must be >= 1, got " + k);
        }
    }

    private static void requireNumChild(int numChild) {
        if (numChild < 1 || numChild > 22) {
            // 23 passage labels A..W exist in the setwise prompt (Setwise paper, setwise prompt)
            throw new IllegalArgumentException("num_child must be in 1..22, got " + numChild);
        }
    }
}
