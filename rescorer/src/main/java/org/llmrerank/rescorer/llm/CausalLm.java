package org.llmrerank.rescorer.llm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.llmrerank.estimator.Architecture;
import org.llmrerank.estimator.FlopsEstimator;
import org.llmrerank.rescorer.strategy.CallCost;
import org.llmrerank.routing.hf.HfTokenizer;
import org.llmrerank.routing.runtime.FlopsCounter;
import org.llmrerank.routing.runtime.LayerPath;
import org.llmrerank.routing.runtime.router.LayerRouters;
import org.llmrerank.routing.runtime.llama.DjlLlamaModel;
import org.llmrerank.routing.runtime.llama.LlamaCheckpoint;
import org.llmrerank.routing.runtime.llama.LlamaConfig;
import org.llmrerank.routing.runtime.llama.LlamaSession;

/**
 * A decoder checkpoint (Llama family, Qwen3, Gemma) loaded for reranking: the DJL decoder runtime, its
 * tokenizer, its chat template if it has one, and the layer path every call runs (full depth unless a
 * Dr.LLM path is given). The adapters
 * ({@link CausalLmPointwiseModel}, {@link CausalLmLabelScorer}, {@link CausalLmTextGenerator})
 * share one instance; it is thread-safe because the runtime and the tokenizer are.
 *
 * <p>Cost accounting for every adapter ({@link #cost}): {@code estimatedFlops} is the E2R-FLOPs
 * estimate for the real (unpadded) token counts of each prompt; {@code countedFlops} is what the
 * runtime executed, padding included, with the GQA attention term scaled as the paper does
 * ({@link FlopsCounter#paperTotal()}) so the two compare; the LM head is in neither.
 */
public final class CausalLm implements AutoCloseable {

    private final String name;
    private final DjlLlamaModel model;
    private final HfTokenizer tokenizer;
    private final LayerPath path;
    private final ChatTemplate chat;    // null: prompts go in as plain text after BOS
    private final LayerRouters routers; // null: every call runs path
    private final double knob;
    private final AtomicLong forwardCalls = new AtomicLong();

    public CausalLm(String name, DjlLlamaModel model, HfTokenizer tokenizer, LayerPath path) {
        this(name, model, tokenizer, path, null, null, 0);
    }

    /** @param chat the checkpoint's chat template, null to put prompts in as plain text */
    public CausalLm(String name, DjlLlamaModel model, HfTokenizer tokenizer, LayerPath path, ChatTemplate chat) {
        this(name, model, tokenizer, path, chat, null, 0);
    }

    private CausalLm(String name, DjlLlamaModel model, HfTokenizer tokenizer, LayerPath path, ChatTemplate chat,
                     LayerRouters routers, double knob) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.path = path.requireWithin(model.config().layers());
        this.chat = chat;
        this.routers = routers;
        this.knob = knob;
    }

    /**
     * The same model with Dr.LLM routers choosing every prompt's path at prefill (Dr.LLM, routing at inference), so a
     * reranking call spends fewer (or more) layers per prompt; costs then use the chosen paths.
     * Shares the engine weights with this instance: close only one of them.
     */
    public CausalLm routed(LayerRouters layerRouters, double p) {
        return new CausalLm(name + "+routers", model, tokenizer, path, chat, Objects.requireNonNull(layerRouters), p);
    }

    /**
     * Loads a Hugging Face checkpoint folder (config.json, tokenizer.json, *.safetensors) at full depth. A chat
     * template in its tokenizer_config.json (or chat_template.jinja) wraps every prompt ({@link #encodePrompt}).
     */
    public static CausalLm open(String name, Path checkpoint) {
        LlamaCheckpoint ck = LlamaCheckpoint.open(checkpoint);
        ChatTemplate chat = ChatTemplate.of(ck.directory()).orElse(null);
        HfTokenizer tokenizer = HfTokenizer.open(ck.directory());
        try {
            DjlLlamaModel model = DjlLlamaModel.load(ck);
            return new CausalLm(name, model, tokenizer, LayerPath.full(ck.config().layers()), chat);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public LlamaConfig config() {
        return model.config();
    }

    public Architecture architecture() {
        return model.config().architecture();
    }

    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    public LayerPath path() {
        return path;
    }

    /** The chat template prompts are wrapped in, if the checkpoint has one. */
    public java.util.Optional<ChatTemplate> chatTemplate() {
        return java.util.Optional.ofNullable(chat);
    }

    /**
     * The token ids of a prompt followed by the start of the answer ({@code answerPrefix}, may be empty).
     * Without a chat template: BOS (the tokenizer's post-processor), the prompt and the prefix as plain text.
     * With one: the prompt as the user's turn and the assistant's turn opened, as the model was trained to be
     * asked ({@code apply_chat_template(..., add_generation_prompt=True, enable_thinking=False)}, see
     * {@link ChatTemplate#renderUserPrompt}), then the prefix without its leading
     * space (the assistant's turn starts on a fresh line); tokenized without adding special tokens, since the
     * template writes its own (BOS included).
     */
    public long[] encodePrompt(String prompt, String answerPrefix) {
        if (chat == null) {
            return tokenizer.encode(prompt + answerPrefix, true);
        }
        return tokenizer.encode(chat.renderUserPrompt(prompt) + answerPrefix.stripLeading(), false);
    }

    /** Prefills (batched forward passes) run so far; one per adapter call. */
    public long forwardCalls() {
        return forwardCalls.get();
    }

    /** One left-padded prefill of {@code prompts}, every row along {@link #path()} or as the routers choose. */
    LlamaSession prefill(List<long[]> prompts, FlopsCounter counter) {
        forwardCalls.incrementAndGet();
        if (routers != null) {
            return model.prefill(prompts, routers, knob, counter);
        }
        List<LayerPath> paths = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            paths.add(path);
        }
        return model.prefill(prompts, paths, counter);
    }


    /**
     * The text cut to its first {@code maxTokens} model tokens (Setwise paper, setup: tokenize, keep, detokenize);
     * unchanged when already short enough, so short passages reach the prompt verbatim.
     */
    String truncate(String text, int maxTokens) {
        long[] ids = tokenizer.encode(text, false);
        return ids.length <= maxTokens ? text : tokenizer.decode(Arrays.copyOf(ids, maxTokens));
    }

    /**
     * The cost of the session's prompts (of these lengths, each feeding {@code outputTokens}) along
     * the paths it ran, counted by {@code counter}.
     */
    CallCost cost(LlamaSession session, FlopsCounter counter, long[] promptLengths, int outputTokens) {
        double estimated = 0;
        long tokens = 0;
        List<LayerPath> paths = session.paths();
        for (int i = 0; i < promptLengths.length; i++) {
            estimated += FlopsEstimator.routed(architecture(), paths.get(i).layers(), promptLengths[i], outputTokens);
            tokens += promptLengths[i];
        }
        return new CallCost(estimated, counter.paperTotal(), tokens, (long) outputTokens * promptLengths.length,
                promptLengths.length);
    }

    /** The first token of {@code word} without special tokens: how a label or Yes/No is read off the logits. */
    long firstToken(String word) {
        long[] ids = tokenizer.encode(word, false);
        if (ids.length == 0) {
            throw new IllegalArgumentException("model [" + name + "]: '" + word + "' encodes to no token");
        }
        return ids[0];
    }

    /** The last token of {@code text} without special tokens (Setwise paper, setwise prompt's target_token_ids). */
    long lastToken(String text) {
        long[] ids = tokenizer.encode(text, false);
        if (ids.length == 0) {
            throw new IllegalArgumentException("model [" + name + "]: '" + text + "' encodes to no token");
        }
        return ids[ids.length - 1];
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
