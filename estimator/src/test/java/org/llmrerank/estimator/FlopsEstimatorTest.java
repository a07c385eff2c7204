package org.llmrerank.estimator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlopsEstimatorTest {

    private static void assertRel(double expected, double actual, double rel) {
        assertEquals(expected, actual, Math.abs(expected) * rel, () -> "expected " + expected + " got " + actual);
    }

    // --- E2R-FLOPs, prompt and output tokens per method worked vectors (the repository calculator's outputs) ---

    @Test
    void qwen7bReadmeExample() {
        assertRel(1.861241733120e12, PaperCalculator.flopsDecoder(200, 1, 28, 3584, 18944, 7), 1e-12);
    }

    @Test
    void flanT5LargeSetwiseHeapsortCall() {
        double perCall = PaperCalculator.flopsEncoderDecoder(322.65, 5, 24, 1024, 2816);
        assertRel(2.00042e11, perCall, 5e-6);
        // times 125.4 calls = the 0.025 PF cell of Table 2 (0.02509 unrounded)
        assertRel(0.02509, perCall * 125.4 / 1e15, 2e-4);
    }

    @Test
    void llama8bVector() {
        assertRel(1.04349e13, PaperCalculator.flopsDecoder(1000, 10, 32, 4096, 14336, 4), 5e-6);
    }

    // --- hand-worked cases ---

    @Test
    void encoderOnlyHandWorked() {
        // L=2, d=4, d_ff=8, heads 2: N = 2·4·2·(2·4+8) = 256 ; n = 3
        // 2·N·n = 1536 ; 4·L·n²·d_attn = 4·2·9·4 = 288 ; total 1824
        Architecture a = Architecture.encoderOnly("tiny", 2, 4, 8, 2, 10);
        assertEquals(256, FlopsEstimator.nonEmbeddingParams(a));
        assertEquals(1824, FlopsEstimator.encoderOnly(a, 3));
    }

    @Test
    void bgeSmallOne128TokenPassage() {
        // N = 2·384·12·(2·384+1536) = 21,233,664 ; 2·N·128 = 5,435,817,984 ; 4·12·128²·384 = 301,989,888
        Architecture a = Architecture.encoderOnly("bge", 12, 384, 1536, 12, 30522);
        assertEquals(5_435_817_984.0 + 301_989_888.0, FlopsEstimator.encoderOnly(a, 128));
    }

    @Test
    void decoderGqaHandWorked() {
        // L=1, d=4, ff=8, 4 heads / 2 KV heads (g = 1/2), 2 matrices:
        // N = 2·4·1·((1+½)·4 + 8) = 112 ; ctx n=2: 2·112·2 + 4·1·4·½·4 = 448 + 32 = 480
        // opt m=3: 2·112·3 + 2·1·½·4·(2·3·2 + 3·2) = 672 + 4·18 = 744
        Architecture a = Architecture.decoderOnly("tiny", 1, 4, 8, 4, 2, 10, 2);
        assertEquals(480 + 744, FlopsEstimator.decoderOnly(a, 2, 3));
        FlopsBreakdown b = FlopsEstimator.breakdown(a, 2, 3);
        assertEquals(480, b.prompt());
        assertEquals(744, b.output());
        assertEquals(0, b.crossKv());
        assertEquals(2.0 * 4 * 10 * 3, b.unembedding());
    }

    @Test
    void generationEqualsSumOfPerTokenCosts() {
        // E2R-FLOPs, decoder eqs. 3-7: token i sees n + i - 1 positions; the closed form must equal the explicit sum
        Architecture a = Architecture.decoderOnly("m", 3, 64, 128, 8, 2, 100, 2);
        double n = 17;
        int m = 6;
        double perTokenSum = 0;
        double nDec = FlopsEstimator.decoderLayerParams(a) * a.nLayer();
        for (int i = 1; i <= m; i++) {
            perTokenSum += 2 * nDec + 4.0 * a.nLayer() * (n + i - 1) * a.kvFraction() * a.dAttn();
        }
        FlopsBreakdown b = FlopsEstimator.breakdown(a, n, m);
        assertRel(perTokenSum, b.output(), 1e-12);
    }

    @Test
    void encoderDecoderHandWorked() {
        // L=1, d=2, ff=4, d_attn=2: N_enc = 2·2·(4+4) = 32, N_dec = 2·2·(6+4) = 40 ; n=3, m=2
        // ctx 2·32·3 + 4·9·2 = 192+72 = 264 ; crossKV 4·3·2·2 = 48 ; opt 2·40·2 + 2·2·(12+2) = 160+56 = 216
        Architecture a = Architecture.encoderDecoder("t", 1, 2, 4, 1, 2, 10, 2);
        assertEquals(264 + 48 + 216, FlopsEstimator.encoderDecoder(a, 3, 2));
        FlopsBreakdown b = FlopsEstimator.breakdown(a, 3, 2);
        assertEquals(48, b.crossKv());
        assertEquals(264, b.prompt());
    }

    @Test
    void gatedFfnAddsExactlyTheThirdMatrix() {
        Architecture two = Architecture.decoderOnly("q", 2, 8, 16, 2, 1, 10, 2);
        Architecture three = two.withFfnMatrices(3);
        // one extra d·d_ff matrix per layer: 2·(d·d_ff)·L FLOPs per token, prompt and output alike
        double tokens = 5 + 2;
        assertEquals(2.0 * 8 * 16 * 2 * tokens,
                FlopsEstimator.decoderOnly(three, 5, 2) - FlopsEstimator.decoderOnly(two, 5, 2), 1e-9);
    }

    @Test
    void routedFullPathEqualsDenseAndCountsRepeats() {
        Architecture a = Architecture.decoderOnly("r", 4, 8, 16, 2, 1, 10, 3);
        double dense = FlopsEstimator.call(a, 10, 2);
        assertRel(dense, FlopsEstimator.routed(a, List.of(0, 1, 2, 3), 10, 2), 1e-12);
        // skip layer 1, repeat layer 2: still 4 applications
        assertRel(dense, FlopsEstimator.routed(a, List.of(0, 2, 2, 3), 10, 2), 1e-12);
        assertRel(dense / 2, FlopsEstimator.routed(a, List.of(0, 3), 10, 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> FlopsEstimator.routed(a, List.of(0, 4), 10, 2));
        List<Integer> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> FlopsEstimator.routed(a, withNull, 10, 2));
    }

    @Test
    void routedEncoderOnlyMatchesEncoderPass() {
        Architecture a = Architecture.encoderOnly("e", 6, 384, 1536, 12, 30522);
        assertRel(FlopsEstimator.encoderOnly(a, 40) * 5 / 6,
                FlopsEstimator.routed(a, List.of(0, 1, 1, 4, 5), 40, 0), 1e-12);
    }

    @Test
    void rejectsWrongKindAndBadTokens() {
        Architecture enc = Architecture.encoderOnly("e", 1, 4, 8, 2, 10);
        assertThrows(IllegalArgumentException.class, () -> FlopsEstimator.decoderOnly(enc, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FlopsEstimator.breakdown(enc, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> FlopsEstimator.breakdown(enc, Double.NaN, 0));
        assertTrue(FlopsEstimator.unembedding(enc, 3) == 0);
    }

    @Test
    void architectureValidation() {
        assertThrows(IllegalArgumentException.class,
                () -> Architecture.decoderOnly("x", 1, 4, 8, 4, 3, 10, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Architecture.decoderOnly("x", 1, 4, 8, 4, 2, 10, 4));
        assertThrows(IllegalArgumentException.class, () -> Architecture.encoderOnly("x", 0, 4, 8, 2, 10));
    }
}
