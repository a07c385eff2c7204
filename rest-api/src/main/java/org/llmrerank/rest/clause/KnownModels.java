package org.llmrerank.rest.clause;

import java.util.Collection;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.llmrerank.rescorer.Strategy;

/** The models a node can run, as far as resolving a clause needs them: known without loading any. */
public interface KnownModels {

    /** Every model name, for the message that lists them. */
    Collection<String> names();

    /** The strategies {@code model} can run; empty when the name is unknown. */
    Set<Strategy> strategiesOf(String model);

    /** The models an engine's model source knows, from its two lookups. */
    static KnownModels of(Supplier<? extends Collection<String>> names, Function<String, Set<Strategy>> strategiesOf) {
        return new KnownModels() {
            @Override
            public Collection<String> names() {
                return names.get();
            }

            @Override
            public Set<Strategy> strategiesOf(String model) {
                return strategiesOf.apply(model);
            }
        };
    }
}
