package org.llmrerank.rescorer.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The exact prompts of the reference implementations (ielab/llm-rankers, RankGPT, as the Setwise paper runs them), so a
 * real LLM behind {@link LabelScorer} or {@link TextGenerator} only has to supply logits or text.
 * Truncation (query 32, passages 128 or 100 tokens, Setwise paper, setup) is token-level and therefore the
 * model's job: pass passages already truncated by the model's tokenizer.
 */
public final class PromptTemplates {

    /** Setwise passage labels A..W (llm-rankers' CHARACTERS). */
    public static final List<String> LABELS = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L",
            "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W");

    /** System prompt of the chat (OpenAI) setwise variant, which also ends its user prompt in "." (Setwise paper, setwise prompt). */
    public static final String SETWISE_CHAT_SYSTEM = "You are RankGPT, an intelligent assistant specialized in "
            + "selecting the most relevant passage from a pool of passages based on their relevance to the query.";

    /** System message of RankGPT's chat prompt (RankGPT listwise, as in the Setwise paper). */
    public static final String RANKGPT_CHAT_SYSTEM =
            "You are RankGPT, an intelligent assistant that can rank passages based on their relevancy to the query.";

    /** RankGPT keeps the first 300 whitespace words of a passage. */
    static final int RANKGPT_MAX_WORDS = 300;

    private PromptTemplates() {}

    /** One message of a chat prompt. */
    public record ChatMessage(String role, String content) {}

    /** pointwise.yes_no (Setwise paper, pointwise prompts); scored by P(Yes) against P(No). */
    public static String pointwiseYesNo(String query, String passage) {
        return "Passage: " + passage + "\nQuery: " + query + "\nDoes the passage answer the query? Answer 'Yes' or 'No'";
    }

    /** pointwise.qlm (Setwise paper, pointwise prompts); scored by the log-likelihood of the query as the output. */
    public static String pointwiseQlm(String passage) {
        return "Passage: " + passage + "\nPlease write a question based on this passage.";
    }

    /** PRP pairwise prompt (PRP pairwise prompt, as in the Setwise paper); the model answers "Passage A" or "Passage B". */
    public static String pairwise(String query, String passageA, String passageB) {
        return "Given a query \"" + query + "\", which of the following two passages is more relevant to the query?\n\n"
                + "Passage A: \"" + passageA + "\"\n\n"
                + "Passage B: \"" + passageB + "\"\n\n"
                + "Output Passage A or Passage B:";
    }

    /** Setwise prompt (Setwise paper, setwise prompt), also the listwise.likelihood prompt; passages labelled A, B, C, ... */
    public static String setwise(String query, List<String> passages) {
        return "Given a query \"" + query + "\", which of the following passages is the most relevant one to the query?\n\n"
                + labelledPassages(passages) + "\n\nOutput only the passage label of the most relevant passage:";
    }

    /** The chat variant of the setwise prompt: system message plus a user turn ending in "." (Setwise paper, setwise prompt). */
    public static List<ChatMessage> setwiseChat(String query, List<String> passages) {
        String user = "Given a query \"" + query + "\", which of the following passages is the most relevant one to the query?\n\n"
                + labelledPassages(passages) + "\n\nOutput only the passage label of the most relevant passage.";
        return List.of(new ChatMessage("system", SETWISE_CHAT_SYSTEM), new ChatMessage("user", user));
    }

    /** RankGPT completion prompt for non-chat models such as T5 (RankGPT listwise, as in the Setwise paper), identifiers [1]..[num]. */
    public static String rankGptCompletion(String query, List<String> passages) {
        int num = passages.size();
        StringBuilder sb = new StringBuilder()
                .append("This is RankGPT, an intelligent assistant that can rank passages based on their relevancy to the query.\n\n")
                .append("The following are ").append(num).append(" passages, each indicated by number identifier []. ")
                .append("I can rank them based on their relevance to query: ").append(query).append("\n\n");
        for (int i = 0; i < num; i++) {
            sb.append('[').append(i + 1).append("] ").append(rankGptContent(passages.get(i))).append("\n\n");
        }
        // no separator after the query: the reference code concatenates these two strings as they are
        sb.append("The search query is: ").append(query)
                .append("I will rank the ").append(num).append(" passages above based on their relevance to the search query. ")
                .append("The passages will be listed in descending order using identifiers, and the most relevant passages ")
                .append("should be listed first, and the output format should be [] > [] > etc, e.g., [1] > [2] > etc.\n\n")
                .append("The ranking results of the ").append(num).append(" passages (only identifiers) is:");
        return sb.toString();
    }

    /** RankGPT's multi-turn chat prompt (RankGPT listwise, as in the Setwise paper); the last user turn asks for "[] > []". */
    public static List<ChatMessage> rankGptChat(String query, List<String> passages) {
        int num = passages.size();
        List<ChatMessage> m = new ArrayList<>();
        m.add(new ChatMessage("system", RANKGPT_CHAT_SYSTEM));
        m.add(new ChatMessage("user", "I will provide you with " + num
                + " passages, each indicated by number identifier []. \nRank the passages based on their relevance to query: "
                + query + "."));
        // RankGPT's prefix also has this acknowledgement turn (rank_gpt.py get_prefix_prompt)
        m.add(new ChatMessage("assistant", "Okay, please provide the passages."));
        for (int i = 0; i < num; i++) {
            m.add(new ChatMessage("user", "[" + (i + 1) + "] " + rankGptContent(passages.get(i))));
            m.add(new ChatMessage("assistant", "Received passage [" + (i + 1) + "]."));
        }
        m.add(new ChatMessage("user", "Search Query: " + query + ". \nRank the " + num
                + " passages above based on their relevance to the search query. The passages should be listed in "
                + "descending order using identifiers. The most relevant passages should be listed first. The output "
                + "format should be [] > [], e.g., [1] > [2]. Only response the ranking results, do not say any word or explain."));
        return m;
    }

    private static String labelledPassages(List<String> passages) {
        if (passages.isEmpty() || passages.size() > LABELS.size()) {
            throw new IllegalArgumentException("a setwise prompt takes 1.." + LABELS.size() + " passages, got " + passages.size());
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < passages.size(); i++) {
            if (i > 0) {
                sb.append("\n\n");
            }
            sb.append("Passage ").append(LABELS.get(i)).append(": \"").append(passages.get(i)).append('"');
        }
        return sb.toString();
    }

    /** RankGPT's passage cleaning: drop the "Title: Content: " artefact, collapse whitespace, 300 words. */
    static String rankGptContent(String passage) {
        String[] words = passage.replace("Title: Content: ", "").strip().split("\\s+");
        int keep = Math.min(words.length, RANKGPT_MAX_WORDS);
        return String.join(" ", java.util.Arrays.copyOf(words, keep));
    }
}
