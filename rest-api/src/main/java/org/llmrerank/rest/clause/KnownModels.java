package org.llmrerank.rest.clause;

import java.util.Collection;
import java.util.Set;
import org.llmrerank.rescorer.Strategy;

/** The models a node can run, as far as resolving a clause needs them: known without loading any. */
public interface KnownModels {

    /** Every model name, for the message that lists them. */
    Collection<String> names();

    /** The strategies {@code model} can run; empty when the name is unknown. */
    Set<Strategy> strategiesOf(String model);
}
