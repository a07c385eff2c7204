package org.llmrerank.rescorer.strategy;

import java.util.List;

/** Small array helpers shared by the strategies. */
final class Rankings {

    private Rankings() {}

    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** The top positions as given, then every other position in first-stage order (Setwise paper, setup). */
    static int[] topThenFirstStage(int[] top, int n) {
        int[] out = new int[n];
        boolean[] used = new boolean[n];
        int k = 0;
        for (int p : top) {
            out[k++] = p;
            used[p] = true;
        }
        for (int p = 0; p < n; p++) {
            if (!used[p]) {
                out[k++] = p;
            }
        }
        return out;
    }

    static List<String> texts(List<String> passages, int[] positions) {
        String[] t = new String[positions.length];
        for (int i = 0; i < positions.length; i++) {
            t[i] = passages.get(positions[i]);
        }
        return List.of(t);
    }

    static void requireInput(String query, List<String> passages, int topK) {
        if (query == null || passages == null) {
            throw new IllegalArgumentException("query and passages must not be null");
        }
        for (int i = 0; i < passages.size(); i++) {
            if (passages.get(i) == null) {
                throw new IllegalArgumentException("passage " + i + " is null; leave text-less passages out");
            }
        }
        if (topK < 1) {
            throw new IllegalArgumentException("top_k must be >= 1, got " + topK);
        }
    }
}
