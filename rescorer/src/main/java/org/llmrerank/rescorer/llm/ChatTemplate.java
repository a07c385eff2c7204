package org.llmrerank.rescorer.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.CheckpointException;

/**
 * A checkpoint's chat template: the Jinja text in {@code tokenizer_config.json}'s {@code chat_template}
 * (or a {@code chat_template.jinja} beside it), rendered the way Hugging Face's
 * {@code apply_chat_template(..., tokenize=False)} renders it, so an instruction-tuned model sees its prompts
 * in the format it was trained on. What that takes beyond plain Jinja:
 * <ul>
 *   <li>{@code trim_blocks} and {@code lstrip_blocks} on (a newline after a block tag and the indentation
 *       before one are dropped);</li>
 *   <li>the variables {@code messages} (role / content maps), {@code add_generation_prompt}, {@code bos_token},
 *       {@code eos_token} (and the other special tokens the config names);</li>
 *   <li>the functions {@code raise_exception(message)} (fails the render) and {@code strftime_now(format)}
 *       (the current date, in Python's strftime notation);</li>
 *   <li>Python's string methods ({@link PythonStringMethods}) and two Jinja2 idioms the engine's parser lacks
 *       ({@link JinjaSyntax}).</li>
 * </ul>
 * Known differences that the templates exercised here do not meet: booleans print as {@code true} /
 * {@code false} (Python: {@code True} / {@code False}), and {@code tojson} writes no spaces after {@code :}
 * and {@code ,} (Python's {@code json.dumps} does), which only tool descriptions would show.
 * The rendered text already holds the template's special tokens (BOS included), so it is tokenized
 * without adding special tokens again. Thread-safe.
 */
public final class ChatTemplate {

    /** One chat turn. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }
    }

    public static final String CONFIG_FILE = "tokenizer_config.json";
    public static final String JINJA_FILE = "chat_template.jinja";
    private static final List<String> SPECIAL_TOKENS = List.of("bos_token", "eos_token", "unk_token", "pad_token");

    /**
     * Jinja2's own rules where the engine keeps older ones by default: whitespace control on {@code {{-} and
     * {@code -}}}, Python's operator precedence, iterating a dict yields its keys, dict keys are expressions,
     * backslash escapes only inside string literals, the template's final newline dropped. Jinja2 does not
     * require spaces inside tags ({@code {{-'x'}}}), so that override stays off.
     */
    private static final LegacyOverrides JINJA2_RULES = LegacyOverrides.newBuilder()
            .withEvaluateMapKeys(true).withIterateOverMapKeys(true).withUsePyishObjectMapper(true)
            .withWhitespaceRequiredWithinTokens(false).withUseNaturalOperatorPrecedence(true)
            .withParseWhitespaceControlStrictly(true).withAllowAdjacentTextNodes(true)
            .withUseTrimmingForNotesAndExpressions(true).withKeepNullableLoopValues(true)
            .withHandleBackslashInQuotesOnly(true).withDefaultKeepTrailingNewlineBehavior(true).build();

    private final String template;
    private final Map<String, String> specialTokens;
    private final Jinjava jinjava;

    /**
     * @param specialTokens e.g. {@code bos_token -> "<s>"}; tokens a template uses but that are absent render
     *                      as empty, as they do in Hugging Face for a tokenizer without them
     */
    public ChatTemplate(String template, Map<String, String> specialTokens) {
        this.template = Objects.requireNonNull(template, "template");
        this.specialTokens = Map.copyOf(specialTokens);
        jinjava.javax.el.CompositeELResolver resolver = new jinjava.javax.el.CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(true).withLstripBlocks(true)
                .withLegacyOverrides(JINJA2_RULES).withElResolver(resolver).build());
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplate.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", "strftime_now",
                ChatTemplate.class, "strftimeNow", String.class));
    }

    /**
     * The checkpoint's template, if it has one: {@code chat_template.jinja} where present, else
     * {@code tokenizer_config.json}'s {@code chat_template}, either one string or a list of named templates
     * (the one named {@code default} is taken, as Hugging Face does without a name).
     *
     * @throws CheckpointException for a config that is not JSON or a template list without a default
     */
    public static Optional<ChatTemplate> of(CheckpointDirectory dir) {
        if (!dir.exists(CONFIG_FILE) && !dir.exists(JINJA_FILE)) {
            return Optional.empty();
        }
        try {
            JsonNode config = dir.exists(CONFIG_FILE)
                    ? new ObjectMapper().readTree(Files.readString(dir.resolve(CONFIG_FILE)))
                    : new ObjectMapper().createObjectNode();
            String jinja = dir.exists(JINJA_FILE) ? Files.readString(dir.resolve(JINJA_FILE)) : null;
            return parse(config, jinja, CONFIG_FILE);
        } catch (IOException e) {
            throw new CheckpointException(dir.root() + ": cannot read the chat template: " + e.getMessage(), e);
        }
    }

    /** {@link #of} on already-read contents; {@code jinja} (the separate template file) may be null. */
    public static Optional<ChatTemplate> parse(JsonNode config, String jinja, String source) {
        Map<String, String> tokens = new HashMap<>();
        for (String name : SPECIAL_TOKENS) {
            String token = token(config.get(name));
            if (token != null) {
                tokens.put(name, token);
            }
        }
        if (jinja != null) {
            return Optional.of(new ChatTemplate(jinja, tokens));
        }
        JsonNode t = config.get("chat_template");
        if (t == null || t.isNull()) {
            return Optional.empty();
        }
        if (t.isTextual()) {
            return Optional.of(new ChatTemplate(t.asText(), tokens));
        }
        if (t.isArray()) {
            for (JsonNode named : t) {
                if (named.path("name").asText("").equals("default") && named.path("template").isTextual()) {
                    return Optional.of(new ChatTemplate(named.get("template").asText(), tokens));
                }
            }
            throw new CheckpointException(source + ": chat_template lists named templates but none is 'default'");
        }
        throw new CheckpointException(source + ": chat_template must be a string or a list of named templates");
    }

    /** A special token as tokenizer_config.json writes it: a string, or an AddedToken object with its content. */
    private static String token(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        return n.path("content").isTextual() ? n.get("content").asText() : null;
    }

    public String template() {
        return template;
    }

    /** A special token the template sees, e.g. {@code bos_token}; empty when the config names none. */
    public String specialToken(String name) {
        return specialTokens.getOrDefault(name, "");
    }

    /**
     * The conversation as the template writes it.
     *
     * @param addGenerationPrompt end with the header that opens the assistant's turn (what a model answers after)
     * @throws IllegalArgumentException when the template raises an exception or fails to render
     */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * {@link #render(List, boolean)} with extra template variables, as {@code apply_chat_template}'s keyword
     * arguments (e.g. {@code enable_thinking}).
     */
    public String render(List<Message> messages, boolean addGenerationPrompt, Map<String, Object> variables) {
        List<Map<String, Object>> turns = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        Map<String, Object> bindings = new HashMap<>(specialTokens);
        bindings.putAll(variables);
        bindings.put("messages", turns);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = jinjava.renderForResult(JinjaSyntax.rewrite(template), bindings);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new IllegalArgumentException("chat template: " + raised(e.getException()).orElse(e.getMessage()));
            }
        }
        return result.getOutput();
    }

    /** The message a template passed to {@code raise_exception}, found in the engine's wrapping exceptions. */
    private static Optional<String> raised(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof Raised r) {
                return Optional.of(r.getMessage());
            }
        }
        return Optional.empty();
    }

    /** What {@code raise_exception} throws. */
    private static final class Raised extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Raised(String message) {
            super(message);
        }
    }

    /**
     * One user turn and the assistant's opening: how a single prompt is put to a chat model. Thinking is
     * turned off ({@code enable_thinking=False}, read by templates of models with a thinking mode, e.g. Qwen3,
     * which then close an empty think block): a relevance judgement is read from the first answer token, where
     * a thinking model would otherwise open its reasoning.
     */
    public String renderUserPrompt(String prompt) {
        return render(List.of(new Message("user", prompt)), true, Map.of("enable_thinking", false));
    }

    /** Templates call {@code raise_exception} to refuse a conversation they do not support. */
    public static String raiseException(String message) {
        throw new Raised(message);
    }

    /** Templates that state today's date (Llama 3.2) call {@code strftime_now}; Python's strftime codes. */
    public static String strftimeNow(String format) {
        return strftime(LocalDateTime.now(), format);
    }

    static String strftime(LocalDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char ch = format.charAt(i);
            if (ch != '%' || i + 1 == format.length()) {
                out.append(ch);
                continue;
            }
            char code = format.charAt(++i);
            out.append(switch (code) {
                case 'd' -> String.format(Locale.ROOT, "%02d", t.getDayOfMonth());
                case 'm' -> String.format(Locale.ROOT, "%02d", t.getMonthValue());
                case 'Y' -> String.format(Locale.ROOT, "%04d", t.getYear());
                case 'y' -> String.format(Locale.ROOT, "%02d", t.getYear() % 100);
                case 'H' -> String.format(Locale.ROOT, "%02d", t.getHour());
                case 'M' -> String.format(Locale.ROOT, "%02d", t.getMinute());
                case 'S' -> String.format(Locale.ROOT, "%02d", t.getSecond());
                case 'j' -> String.format(Locale.ROOT, "%03d", t.getDayOfYear());
                case 'b' -> t.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH);
                case 'a' -> t.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH);
                case '%' -> "%";
                default -> "%" + code;
            });
        }
        return out.toString();
    }
}
