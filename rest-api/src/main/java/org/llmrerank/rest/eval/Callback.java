package org.llmrerank.rest.eval;

import java.util.function.Consumer;

/** Where an asynchronous step of an evaluation reports: its result, or why there is none. */
public interface Callback<T> {

    void onResponse(T value);

    void onFailure(Exception e);

    /** A step whose result handling may itself fail: a failure there goes to {@code onFailure} as well. */
    static <T> Callback<T> of(ResultHandler<T> onResponse, Consumer<Exception> onFailure) {
        return new Callback<>() {
            @Override
            public void onResponse(T value) {
                try {
                    onResponse.accept(value);
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            }

            @Override
            public void onFailure(Exception e) {
                onFailure.accept(e);
            }
        };
    }

    @FunctionalInterface
    interface ResultHandler<T> {
        void accept(T value) throws Exception;
    }
}
