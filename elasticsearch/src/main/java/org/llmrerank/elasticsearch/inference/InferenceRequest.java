package org.llmrerank.elasticsearch.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.elasticsearch.action.ActionRequest;
import org.elasticsearch.action.ActionRequestValidationException;
import org.elasticsearch.common.io.stream.StreamInput;
import org.elasticsearch.common.io.stream.StreamOutput;

import static org.elasticsearch.action.ValidateActions.addValidationError;

/**
 * One query's window sent to an inference node: model, query text, passages in first-stage order (null = no text) and
 * the time left until the clause's deadline. Reading checks the bounds before allocating, so a malformed or hostile
 * payload fails with a clear error instead of exhausting memory.
 */
public final class InferenceRequest extends ActionRequest {

    /** Largest window an inference node accepts (the cluster ceiling on window_size is 100000; this bounds memory per call). */
    public static final int MAX_PASSAGES = 10_000;
    public static final int MAX_MODEL_NAME = 64;

    private final String model;
    private final String query;
    private final List<String> passages;
    private final long timeoutMillis;

    public InferenceRequest(String model, String query, List<String> passages, long timeoutMillis) {
        this.model = model;
        this.query = query;
        this.passages = passages;
        this.timeoutMillis = timeoutMillis;
    }

    public InferenceRequest(StreamInput in) throws IOException {
        super(in);
        this.model = in.readString();
        if (model.length() > MAX_MODEL_NAME) {
            throw new IllegalArgumentException("[llm_rerank inference] model name longer than " + MAX_MODEL_NAME + " characters");
        }
        this.query = in.readString();
        int n = in.readVInt();
        if (n < 0 || n > MAX_PASSAGES) {
            throw new IllegalArgumentException("[llm_rerank inference] passage count [" + n + "] outside [0, " + MAX_PASSAGES + "]");
        }
        List<String> p = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            p.add(in.readOptionalString());
        }
        this.passages = Collections.unmodifiableList(p);
        this.timeoutMillis = in.readVLong();
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeString(model);
        out.writeString(query);
        out.writeVInt(passages.size());
        for (String p : passages) {
            out.writeOptionalString(p);
        }
        out.writeVLong(timeoutMillis);
    }

    @Override
    public ActionRequestValidationException validate() {
        ActionRequestValidationException e = null;
        if (model == null || model.isBlank()) {
            e = addValidationError("[model] must not be empty", e);
        }
        if (query == null || query.isBlank()) {
            e = addValidationError("[query] must not be empty", e);
        }
        if (passages == null || passages.size() > MAX_PASSAGES) {
            e = addValidationError("[passages] must hold at most " + MAX_PASSAGES + " entries", e);
        }
        if (timeoutMillis <= 0) {
            e = addValidationError("[timeout] must be positive, got [" + timeoutMillis + "ms]", e);
        }
        return e;
    }

    public String model() {
        return model;
    }

    public String query() {
        return query;
    }

    public List<String> passages() {
        return passages;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }
}
