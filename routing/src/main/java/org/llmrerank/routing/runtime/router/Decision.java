package org.llmrerank.routing.runtime.router;

/** A router's choice for one layer and one sequence (Dr.LLM, router architecture): class index 0, 1, 2. */
public enum Decision {
    SKIP, EXECUTE, REPEAT;

    /** Block applications this decision makes: 0, 1 or 2. */
    public int applications() {
        return ordinal();
    }

    public static Decision of(int index) {
        return values()[index];
    }
}
