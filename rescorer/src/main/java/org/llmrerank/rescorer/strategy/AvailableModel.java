package org.llmrerank.rescorer.strategy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.RerankMethod;
import org.llmrerank.rescorer.PointwiseModel;
import org.llmrerank.rescorer.Strategy;

/**
 * A model a request may use, with the capabilities it implements. The methods it can run follow from
 * those capabilities, so what {@link StrategyChooser} offers is always what {@link #strategy} can build, and the
 * clause strategies a model serves ({@link #strategies()}) follow from those methods.
 *
 * @param name         registered name
 * @param family       key into the {@link EffectivenessTable}, e.g. {@code flan-t5-large}
 * @param architecture for FLOPs prediction
 * @param tokens       the model's tokenizer, for the request's real token counts
 */
public record AvailableModel(
        String name,
        String family,
        Architecture architecture,
        TokenCounter tokens,
        PointwiseModel pointwise,
        RerankMethod pointwiseMethod,
        SetwiseModel setwise,
        PairwiseModel pairwise,
        ListwiseModel listwise) {

    public AvailableModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(tokens, "tokens");
        if ((pointwise == null) != (pointwiseMethod == null)) {
            throw new IllegalArgumentException("a pointwise model needs its method (embedding, yes_no or qlm), and only then");
        }
        if (architecture.kind() == Architecture.Kind.ENCODER_ONLY && (setwise != null || pairwise != null || listwise != null)) {
            // label likelihoods and generation need a language-model head, which an encoder does not have
            throw new IllegalArgumentException("model [" + name + "] is encoder-only: it can only score pointwise");
        }
    }

    public static Builder builder(String name, String family, Architecture architecture, TokenCounter tokens) {
        return new Builder(name, family, architecture, tokens);
    }

    /** The same capabilities, each call refused once {@code cancellation} fired (a deadline passed). */
    public AvailableModel cancellable(org.llmrerank.routing.Cancellation cancellation) {
        return CancellableModels.wrap(this, cancellation);
    }

    /** The same capabilities with another pointwise scorer (a view of the same model). */
    public AvailableModel withPointwise(PointwiseModel model) {
        return new AvailableModel(name, family, architecture, tokens, model, pointwiseMethod, setwise, pairwise, listwise);
    }

    /** The methods this model can run. */
    public Set<RerankMethod> methods() {
        return methods(pointwiseMethod, setwise != null, pairwise != null, listwise == null ? null : listwise.method());
    }

    /**
     * The methods a model with these capabilities runs, for a caller that knows what a model will offer before it is
     * loaded. A setwise scorer also runs listwise.likelihood (RankGPT's sliding window over the setwise prompt, as in
     * the Setwise paper).
     *
     * @param pointwiseMethod its pointwise method, null for none
     * @param listwiseMethod  the method of its own listwise model, null for none
     */
    public static Set<RerankMethod> methods(RerankMethod pointwiseMethod, boolean setwise, boolean pairwise, RerankMethod listwiseMethod) {
        EnumSet<RerankMethod> m = EnumSet.noneOf(RerankMethod.class);
        if (pointwiseMethod != null) {
            m.add(pointwiseMethod);
        }
        if (setwise) {
            m.add(RerankMethod.SETWISE_HEAPSORT);
            m.add(RerankMethod.SETWISE_BUBBLESORT);
            m.add(RerankMethod.LISTWISE_LIKELIHOOD);
        }
        if (pairwise) {
            m.add(RerankMethod.PAIRWISE_ALLPAIR);
            m.add(RerankMethod.PAIRWISE_HEAPSORT);
            m.add(RerankMethod.PAIRWISE_BUBBLESORT);
        }
        if (listwiseMethod != null) {
            m.add(listwiseMethod);
        }
        return Collections.unmodifiableSet(m);
    }

    /** The clause strategies this model serves: what its methods run ({@link Strategy#runnableWith}). */
    public Set<Strategy> strategies() {
        return Strategy.runnableWith(methods());
    }

    /**
     * The method that runs a fixed clause strategy on this model, the strategy's preferred method first; empty when the
     * model cannot run it. {@code pointwise} is the model's pointwise method, {@code auto} no fixed method.
     */
    public Optional<RerankMethod> methodFor(Strategy strategy) {
        Set<RerankMethod> can = methods();
        if (strategy == Strategy.POINTWISE) {
            return Optional.ofNullable(pointwiseMethod);
        }
        return strategy.methods().stream().filter(can::contains).findFirst();
    }

    /** The strategy running {@code method} on this model. */
    public RankingStrategy strategy(RerankMethod method, StrategySettings s) {
        if (!methods().contains(method)) {
            throw new IllegalArgumentException("model [" + name + "] cannot run " + method + "; it runs " + methods());
        }
        return switch (method) {
            case POINTWISE_EMBEDDING, POINTWISE_CROSS_ENCODER, POINTWISE_YES_NO, POINTWISE_QLM -> new PointwiseStrategy(pointwise, method);
            case SETWISE_HEAPSORT -> new SetwiseHeapSort(setwise, s.numChild());
            case SETWISE_BUBBLESORT -> new SetwiseBubbleSort(setwise, s.numChild());
            case PAIRWISE_ALLPAIR -> new PairwiseAllPair(pairwise);
            case PAIRWISE_HEAPSORT -> new PairwiseHeapSort(pairwise);
            case PAIRWISE_BUBBLESORT -> new PairwiseBubbleSort(pairwise);
            case LISTWISE_GENERATION, LISTWISE_LIKELIHOOD -> new ListwiseSlidingWindow(
                    listwise != null && listwise.method() == method ? listwise : new LikelihoodListwiseModel(setwise),
                    s.window(), s.step(), s.repeats());
            case TOURRANK, ICR -> throw new IllegalArgumentException(method + " is not implemented");
        };
    }

    /** Builds an {@link AvailableModel} capability by capability. */
    public static final class Builder {
        private final String name;
        private final String family;
        private final Architecture architecture;
        private final TokenCounter tokens;
        private PointwiseModel pointwise;
        private RerankMethod pointwiseMethod;
        private SetwiseModel setwise;
        private PairwiseModel pairwise;
        private ListwiseModel listwise;

        private Builder(String name, String family, Architecture architecture, TokenCounter tokens) {
            this.name = name;
            this.family = family;
            this.architecture = architecture;
            this.tokens = tokens;
        }

        public Builder pointwise(PointwiseModel model, RerankMethod method) {
            this.pointwise = model;
            this.pointwiseMethod = method;
            return this;
        }

        public Builder setwise(SetwiseModel model) {
            this.setwise = model;
            return this;
        }

        public Builder pairwise(PairwiseModel model) {
            this.pairwise = model;
            return this;
        }

        public Builder listwise(ListwiseModel model) {
            this.listwise = model;
            return this;
        }

        public AvailableModel build() {
            return new AvailableModel(name, family, architecture, tokens, pointwise, pointwiseMethod, setwise, pairwise, listwise);
        }
    }
}
