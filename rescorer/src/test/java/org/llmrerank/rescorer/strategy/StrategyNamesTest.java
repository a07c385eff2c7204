package org.llmrerank.rescorer.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.Strategy;

/** One name per concept: a clause strategy is derived from the estimator's methods, and a model's strategies from its capabilities. */
class StrategyNamesTest {

    private final Oracles.Query q = Oracles.graded(10, 3);

    @Test
    void aStrategyOfOneMethodCarriesItsNameAndEveryRunnableMethodHasOneStrategy() {
        for (Strategy s : Strategy.values()) {
            if (s.methods().size() == 1) {
                assertEquals(s.methods().get(0).methodName(), s.clauseName());
            }
        }
        for (RerankMethod m : RerankMethod.values()) {
            if (m == RerankMethod.TOURRANK || m == RerankMethod.ICR) {
                assertThrows(IllegalArgumentException.class, () -> Strategy.of(m), m + " is costed, never run");
            } else {
                assertTrue(Strategy.of(m).methods().contains(m), m.toString());
            }
        }
        assertEquals(Strategy.LISTWISE, Strategy.of(RerankMethod.LISTWISE_GENERATION));
        assertEquals(Strategy.LISTWISE, Strategy.of(RerankMethod.LISTWISE_LIKELIHOOD));
        assertEquals(List.of(), Strategy.AUTO.methods());
        assertEquals(List.of(), Strategy.POINTWISE.methods());
    }

    @Test
    void strategiesFollowFromMethods() {
        assertEquals(Set.of(Strategy.POINTWISE, Strategy.POINTWISE_EMBEDDING), Strategy.runnableWith(Set.of(RerankMethod.POINTWISE_EMBEDDING)));
        assertEquals(Set.of(Strategy.SETWISE_HEAPSORT, Strategy.LISTWISE),
            Strategy.runnableWith(Set.of(RerankMethod.SETWISE_HEAPSORT, RerankMethod.LISTWISE_LIKELIHOOD, RerankMethod.TOURRANK)));
        assertEquals(Set.of(), Strategy.runnableWith(Set.of()));
    }

    @Test
    void aModelServesWhatItsCapabilitiesRun() {
        AvailableModel setwiseOnly = AvailableModel.builder("sw", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS)
            .setwise(new Oracles.Setwise(q, 4, 0, 1)).build();
        assertEquals(EnumSet.of(Strategy.SETWISE_HEAPSORT, Strategy.SETWISE_BUBBLESORT, Strategy.LISTWISE), setwiseOnly.strategies());
        assertEquals(Optional.of(RerankMethod.LISTWISE_LIKELIHOOD), setwiseOnly.methodFor(Strategy.LISTWISE));
        assertEquals(Optional.empty(), setwiseOnly.methodFor(Strategy.POINTWISE));
        assertEquals(Optional.empty(), setwiseOnly.methodFor(Strategy.PAIRWISE_ALLPAIR));
        assertEquals(Optional.empty(), setwiseOnly.methodFor(Strategy.AUTO));

        AvailableModel full = AvailableModel.builder("lm", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS)
            .pointwise(new Oracles.Pointwise(q.byText()), RerankMethod.POINTWISE_QLM)
            .setwise(new Oracles.Setwise(q, 4, 0, 1))
            .pairwise(new Oracles.Pairwise(q, 0, 1))
            .listwise(new RankGptListwiseModel(new Oracles.RankGptGenerator(q)))
            .build();
        assertEquals(Optional.of(RerankMethod.LISTWISE_GENERATION), full.methodFor(Strategy.LISTWISE), "its own listwise model first");
        assertEquals(Optional.of(RerankMethod.POINTWISE_QLM), full.methodFor(Strategy.POINTWISE));
        assertEquals(Optional.empty(), full.methodFor(Strategy.POINTWISE_YES_NO));
        assertEquals(Strategy.runnableWith(AvailableModel.methods(RerankMethod.POINTWISE_QLM, true, true, RerankMethod.LISTWISE_GENERATION)),
            full.strategies(), "what a caller predicts before a load is what the built capabilities serve");
        for (Strategy s : full.strategies()) {
            assertTrue(s == Strategy.POINTWISE || full.methodFor(s).isPresent(), s + " is served, so it has a method");
        }
    }

    @Test
    void aRerankModelWithCapabilitiesReportsTheirStrategies() {
        AvailableModel caps = AvailableModel.builder("sw", "flan-t5-large", Oracles.T5_LARGE, Oracles.WORDS)
            .setwise(new Oracles.Setwise(q, 4, 0, 1)).build();
        Oracles.Pointwise withCaps = new Oracles.Pointwise(q.byText()) {
            @Override
            public Optional<AvailableModel> capabilities() {
                return Optional.of(caps);
            }
        };
        assertEquals(caps.strategies(), withCaps.supportedStrategies());
        assertEquals(Set.of(Strategy.POINTWISE_EMBEDDING), new Oracles.Pointwise(q.byText()).supportedStrategies());
    }
}
