package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallCountsTest {

    @Test
    void deterministicCountsOfThePapersSetting() {
        assertEquals(100, CallCounts.pointwise(100).expected());
        assertEquals(9900, CallCounts.pairwiseAllPair(100).expected());
        assertEquals(245, CallCounts.listwise(100, 4, 2, 5).expected());
        assertEquals(130, CallCounts.tourRank(100, 10).expected());
        assertEquals(2, CallCounts.icr(100).expected());
        // Σ_{i<10} (99 - i) = 990 - 45
        assertEquals(945, CallCounts.pairwiseBubbleSort(100, 10).expected());
        // windows per pass i = #{s in 97,95,..,1 : s > i} + 1 = 50,49,49,48,48,47,47,46,46,45
        CallCount sb = CallCounts.setwiseBubbleSort(100, 10, 2);
        assertEquals(475, sb.expected());
        assertTrue(sb.exact());
        assertEquals(3, sb.maxPassagesPerCall());
    }

    @Test
    void bubbleSortEdgeCases() {
        assertEquals(0, CallCounts.pairwiseBubbleSort(1, 10).expected());
        // k >= n: n-1 passes, 3+2+1
        assertEquals(6, CallCounts.pairwiseBubbleSort(4, 10).expected());
        // n=3, c=3 (numChild 2): pass 0 one window [0,3); pass 1 one window [1,3)
        CallCount c = CallCounts.setwiseBubbleSort(3, 5, 2);
        assertEquals(2, c.expected());
        assertEquals(2.5, c.passagesPerCall());
    }

    @Test
    void listwiseWindowArithmetic() {
        // 20 docs, w 10, s 5: starts 10, 5, 0 → 3 windows; 2 repeats → 6
        assertEquals(6, CallCounts.listwise(20, 10, 5, 2).expected());
        // fewer docs than the window: one window over all of them
        CallCount small = CallCounts.listwise(3, 4, 2, 1);
        assertEquals(1, small.expected());
        assertEquals(3, small.maxPassagesPerCall());
    }

    @Test
    void heapSortHandWorked() {
        // n=4, c=2: build i=2..0 → node 1 (child 3) 1 call, node 0 (children 1,2) 1 call; worst node 0
        // sinks into node 1 for one more. Extraction (k-1 = 1) on size 3: node 0 has children 1,2 → 1.
        CallCount c = CallCounts.setwiseHeapSort(4, 2, 2);
        assertEquals(3, c.min());
        assertEquals(4, c.max());
        // pairwise: node 1 has 1 child → 1 call, node 0 two children → 2 calls; worst +1 (node 1);
        // extraction on size 3: 2 calls
        CallCount p = CallCounts.pairwiseHeapSort(4, 2);
        assertEquals(5, p.min());
        assertEquals(6, p.max());
        // the paper's setting: build 99 comparisons + 9 root heapifies of 2
        assertEquals(117, CallCounts.pairwiseHeapSort(100, 10).min());
        assertEquals(59, CallCounts.setwiseHeapSort(100, 10, 2).min());
    }

    @Test
    void paperMeasuredCountsLieInsideThePredictedRange() {
        CallCount setwise = CallCounts.setwiseHeapSort(100, 10, 2);
        assertTrue(setwise.min() <= 125.4 && 125.4 <= setwise.max());
        // random-order expectation is an upper estimate of BM25-ordered input
        assertTrue(setwise.expected() > 125.4 && setwise.expected() < setwise.max(), () -> "" + setwise);
        CallCount pairwise = CallCounts.pairwiseHeapSort(100, 10);
        assertTrue(pairwise.min() <= 230.3 && 230.3 <= pairwise.max());
    }

    /** An independent transcription of llm-rankers' heapSort, driven by an answering oracle. */
    private interface Oracle {
        /** @return index into candidates (0 = parent) of the winner */
        int pick(int[] arr, List<Integer> candidates);
    }

    private static int referenceSetwiseCalls(int n, int k, int numChild, Oracle oracle, int[] arr) {
        int[] calls = {0};
        class H {
            void heapify(int size, int i) {
                if (numChild * i + 1 < size) {
                    List<Integer> inds = new ArrayList<>();
                    inds.add(i);
                    for (int c = numChild * i + 1; c < Math.min(numChild * (i + 1) + 1, size); c++) {
                        inds.add(c);
                    }
                    calls[0]++;
                    int largest = inds.get(oracle.pick(arr, inds));
                    if (largest != i) {
                        int t = arr[i];
                        arr[i] = arr[largest];
                        arr[largest] = t;
                        heapify(size, largest);
                    }
                }
            }
        }
        H h = new H();
        for (int i = n / numChild; i >= 0; i--) {
            h.heapify(n, i);
        }
        int ranked = 0;
        for (int i = n - 1; i > 0; i--) {
            int t = arr[0];
            arr[0] = arr[i];
            arr[i] = t;
            ranked++;
            if (ranked == k) {
                break;
            }
            h.heapify(i, 0);
        }
        return calls[0];
    }

    @Test
    void minAndMaxAreAttainedByConcreteModels() {
        Oracle parentWins = (arr, c) -> 0;
        Oracle firstChildWins = (arr, c) -> 1;
        for (int n : new int[] {2, 3, 7, 10, 31, 50, 100}) {
            for (int k : new int[] {1, 3, 10}) {
                for (int numChild : new int[] {1, 2, 3, 5}) {
                    CallCount c = CallCounts.setwiseHeapSort(n, k, numChild);
                    String at = "n=" + n + " k=" + k + " numChild=" + numChild;
                    assertEquals(c.min(), referenceSetwiseCalls(n, k, numChild, parentWins, new int[n]), at);
                    assertEquals(c.max(), referenceSetwiseCalls(n, k, numChild, firstChildWins, new int[n]), at);
                }
            }
        }
    }

    @Test
    void anyConsistentModelStaysWithinRange() {
        Oracle best = (arr, c) -> {
            int w = 0;
            for (int j = 1; j < c.size(); j++) {
                if (arr[c.get(j)] > arr[c.get(w)]) {
                    w = j;
                }
            }
            return w;
        };
        Random r = new Random(7);
        CallCount c = CallCounts.setwiseHeapSort(100, 10, 2);
        for (int t = 0; t < 50; t++) {
            int[] arr = r.ints(100, 0, 1_000_000).toArray();
            int calls = referenceSetwiseCalls(100, 10, 2, best, arr);
            assertTrue(calls >= c.min() && calls <= c.max(), "calls " + calls);
        }
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> CallCounts.setwiseHeapSort(100, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> CallCounts.setwiseHeapSort(100, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> CallCounts.listwise(100, 1, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> CallCounts.tourRank(50, 10));
        assertThrows(IllegalArgumentException.class, () -> CallCounts.pointwise(-1));
    }
}
