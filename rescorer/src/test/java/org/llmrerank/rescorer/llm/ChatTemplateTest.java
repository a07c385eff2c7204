package org.llmrerank.rescorer.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmrerank.rescorer.llm.ChatTemplate.Message;
import org.llmrerank.routing.hf.CheckpointDirectory;
import org.llmrerank.routing.hf.CheckpointException;

/**
 * Chat templates of public instruction-tuned models, rendered byte for byte as Hugging Face's
 * {@code tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=...)} renders them.
 *
 * <p>How the references were obtained: the template texts are those published in each model's
 * {@code tokenizer_config.json} (Qwen2.5-7B-Instruct, Meta-Llama-3-8B-Instruct, Llama-3.1-8B-Instruct,
 * Mistral-7B-Instruct-v0.2 (as first released and as revised since), Mistral-7B-Instruct-v0.3, zephyr-7b-beta,
 * and Qwen3), written out from knowledge of those public files, as are the expected strings: the prompt formats
 * each model card documents, worked through by hand under Jinja2's rules as transformers sets them
 * (trim_blocks, lstrip_blocks). transformers itself was not run here (no network access to the models), but
 * every expected string below was checked against Python's Jinja2 3.1.6 set up as transformers sets it up for
 * {@code apply_chat_template} (sandboxed environment, trim_blocks, lstrip_blocks, loop controls,
 * {@code raise_exception}, {@code tojson}), rendering the template constants of this class
 * ({@code bin/render-chat-templates.py} prints those renders): the two engines agree on all of them. The template texts themselves are recalled, not copied from the hub, so a
 * later revision of a model's file can differ. The tool-calling branches of the templates are carried (they
 * must parse) but not exercised: their exact text is the least certain part.
 */
class ChatTemplateTest {

    @TempDir
    Path tmp;

    static final List<Message> SYSTEM_USER = List.of(new Message("system", "You are a helpful assistant."),
            new Message("user", "Hello!"));
    static final List<Message> USER = List.of(new Message("user", "Hello!"));
    static final List<Message> MULTI_TURN = List.of(new Message("user", "Hi"), new Message("assistant", "Hello."),
            new Message("user", "Rank these."));

    /** Writes a tokenizer_config.json holding the template and tokens, and reads it back as a checkpoint would. */
    private ChatTemplate write(String name, Object template, Map<String, Object> tokens) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode config = mapper.createObjectNode();
        tokens.forEach((k, v) -> config.set(k, mapper.valueToTree(v)));
        config.set("chat_template", mapper.valueToTree(template));
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("tokenizer_config.json"), mapper.writeValueAsString(config));
        return ChatTemplate.of(CheckpointDirectory.of(dir)).orElseThrow();
    }

    static final String QWEN25 = """
            {%- if tools %}
                {{- '<|im_start|>system\\n' }}
                {%- if messages[0]['role'] == 'system' %}
                    {{- messages[0]['content'] }}
                {%- else %}
                    {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
                {%- endif %}
                {{- "\\n\\n# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>" }}
                {%- for tool in tools %}
                    {{- "\\n" }}
                    {{- tool | tojson }}
                {%- endfor %}
                {{- "\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\"name\\": <function-name>, \\"arguments\\": <args-json-object>}\\n</tool_call><|im_end|>\\n" }}
            {%- else %}
                {%- if messages[0]['role'] == 'system' %}
                    {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
                {%- else %}
                    {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}
                {%- endif %}
            {%- endif %}
            {%- for message in messages %}
                {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
                    {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
                {%- elif message.role == "assistant" %}
                    {{- '<|im_start|>' + message.role }}
                    {%- if message.content %}
                        {{- '\\n' + message.content }}
                    {%- endif %}
                    {%- for tool_call in message.tool_calls %}
                        {%- if tool_call.function is defined %}
                            {%- set tool_call = tool_call.function %}
                        {%- endif %}
                        {{- '\\n<tool_call>\\n{"name": "' }}
                        {{- tool_call.name }}
                        {{- '", "arguments": ' }}
                        {{- tool_call.arguments | tojson }}
                        {{- '}\\n</tool_call>' }}
                    {%- endfor %}
                    {{- '<|im_end|>\\n' }}
                {%- elif message.role == "tool" %}
                    {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
                        {{- '<|im_start|>user' }}
                    {%- endif %}
                    {{- '\\n<tool_response>\\n' }}
                    {{- message.content }}
                    {{- '\\n</tool_response>' }}
                    {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
                        {{- '<|im_end|>\\n' }}
                    {%- endif %}
                {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
            {%- endif %}
            """;

    @Test
    void qwen25() throws IOException {
        ChatTemplate t = write("qwen2.5", QWEN25, Map.of("eos_token", "<|im_end|>", "pad_token", "<|endoftext|>"));
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n"
                + "<|im_start|>assistant\n", t.render(SYSTEM_USER, true));
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n", t.render(USER, true));
        assertEquals(t.render(USER, true), t.renderUserPrompt("Hello!"), "templates without a thinking mode ignore it");
        assertEquals("<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello.<|im_end|>\n"
                + "<|im_start|>user\nRank these.<|im_end|>\n", t.render(MULTI_TURN, false));
    }

    static final String LLAMA3 = "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
            + "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}"
            + "{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    @Test
    void llama3() throws IOException {
        ChatTemplate t = write("llama3", LLAMA3, Map.of("bos_token", "<|begin_of_text|>", "eos_token", "<|eot_id|>"));
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                t.render(SYSTEM_USER, true));
        // the template trims each message's content (only the content: the filter binds before +)
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|>",
                t.render(List.of(new Message("user", "  Hello!\n")), false));
    }

    static final String LLAMA31 = """
            {{- bos_token }}
            {%- if custom_tools is defined %}
                {%- set tools = custom_tools %}
            {%- endif %}
            {%- if not tools_in_user_message is defined %}
                {%- set tools_in_user_message = true %}
            {%- endif %}
            {%- if not date_string is defined %}
                {%- set date_string = "26 Jul 2024" %}
            {%- endif %}
            {%- if not tools is defined %}
                {%- set tools = none %}
            {%- endif %}

            {#- This block extracts the system message, so we can slot it into the right place. #}
            {%- if messages[0]['role'] == 'system' %}
                {%- set system_message = messages[0]['content']|trim %}
                {%- set messages = messages[1:] %}
            {%- else %}
                {%- set system_message = "" %}
            {%- endif %}

            {#- System message + builtin tools #}
            {{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}
            {%- if builtin_tools is defined or tools is not none %}
                {{- "Environment: ipython\\n" }}
            {%- endif %}
            {%- if builtin_tools is defined %}
                {{- "Tools: " + builtin_tools | reject('equalto', 'code_interpreter') | join(", ") + "\\n\\n"}}
            {%- endif %}
            {{- "Cutting Knowledge Date: December 2023\\n" }}
            {{- "Today Date: " + date_string + "\\n\\n" }}
            {%- if tools is not none and not tools_in_user_message %}
                {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
                {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
                {{- "Do not use variables.\\n\\n" }}
                {%- for t in tools %}
                    {{- t | tojson(indent=4) }}
                    {{- "\\n\\n" }}
                {%- endfor %}
            {%- endif %}
            {{- system_message }}
            {{- "<|eot_id|>" }}

            {#- Custom tools are passed in a user message with some extra guidance #}
            {%- if tools_in_user_message and not tools is none %}
                {#- Extract the first user message so we can plug it in here #}
                {%- if messages | length != 0 %}
                    {%- set first_user_message = messages[0]['content']|trim %}
                    {%- set messages = messages[1:] %}
                {%- else %}
                    {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
            {%- endif %}
                {{- '<|start_header_id|>user<|end_header_id|>\\n\\n' -}}
                {{- "Given the following functions, please respond with a JSON for a function call " }}
                {{- "with its proper arguments that best answers the given prompt.\\n\\n" }}
                {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
                {{- "Do not use variables.\\n\\n" }}
                {%- for t in tools %}
                    {{- t | tojson(indent=4) }}
                    {{- "\\n\\n" }}
                {%- endfor %}
                {{- first_user_message + "<|eot_id|>"}}
            {%- endif %}

            {%- for message in messages %}
                {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
                    {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}
                {%- elif 'tool_calls' in message %}
                    {%- if not message.tool_calls|length == 1 %}
                        {{- raise_exception("This model only supports single tool-calls at once!") }}
                    {%- endif %}
                    {%- set tool_call = message.tool_calls[0].function %}
                    {%- if builtin_tools is defined and tool_call.name in builtin_tools %}
                        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
                        {{- "<|python_tag|>" + tool_call.name + ".call(" }}
                        {%- for arg_name, arg_val in tool_call.arguments | items %}
                            {{- arg_name + '="' + arg_val + '"' }}
                            {%- if not loop.last %}
                                {{- ", " }}
                            {%- endif %}
                            {%- endfor %}
                        {{- ")" }}
                    {%- else  %}
                        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
                        {{- '{"name": "' + tool_call.name + '", ' }}
                        {{- '"parameters": ' }}
                        {{- tool_call.arguments | tojson }}
                        {{- "}" }}
                    {%- endif %}
                    {%- if builtin_tools is defined %}
                        {#- This means we're in ipython mode #}
                        {{- "<|eom_id|>" }}
                    {%- else %}
                        {{- "<|eot_id|>" }}
                    {%- endif %}
                {%- elif message.role == "tool" or message.role == "ipython" %}
                    {{- "<|start_header_id|>ipython<|end_header_id|>\\n\\n" }}
                    {%- if message.content is mapping or message.content is iterable %}
                        {{- message.content | tojson }}
                    {%- else %}
                        {{- message.content }}
                    {%- endif %}
                    {{- "<|eot_id|>" }}
                {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}
            {%- endif %}
            """;

    @Test
    void llama31() throws IOException {
        // tokenizer_config.json writes special tokens as strings or as AddedToken objects; both are read
        ChatTemplate t = write("llama3.1", LLAMA31, Map.of("bos_token", Map.of("__type", "AddedToken",
                "content", "<|begin_of_text|>", "lstrip", false), "eos_token", "<|eot_id|>"));
        String header = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                + "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n";
        assertEquals(header + "You are a helpful assistant.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", t.render(SYSTEM_USER, true));
        assertEquals(header + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHello!<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", t.render(USER, true));
    }

    static final String MISTRAL_V03 = """
            {%- if messages[0]["role"] == "system" %}
                {%- set system_message = messages[0]["content"] %}
                {%- set loop_messages = messages[1:] %}
            {%- else %}
                {%- set loop_messages = messages %}
            {%- endif %}
            {%- if not tools is defined %}
                {%- set tools = none %}
            {%- endif %}
            {%- set user_messages = loop_messages | selectattr("role", "equalto", "user") | list %}

            {#- This block checks for alternating user/assistant messages, skipping tool calling messages #}
            {%- set ns = namespace() %}
            {%- set ns.index = 0 %}
            {%- for message in loop_messages %}
                {%- if not (message.role == "tool" or message.role == "tool_results" or (message.tool_calls is defined and message.tool_calls is not none)) %}
                    {%- if (message["role"] == "user") != (ns.index % 2 == 0) %}
                        {{- raise_exception("After the optional system message, conversation roles must alternate user/assistant/user/assistant/...") }}
                    {%- endif %}
                    {%- set ns.index = ns.index + 1 %}
                {%- endif %}
            {%- endfor %}

            {{- bos_token }}
            {%- for message in loop_messages %}
                {%- if message["role"] == "user" %}
                    {%- if tools is not none and (message == user_messages[-1]) %}
                        {{- "[AVAILABLE_TOOLS] [" }}
                        {%- for tool in tools %}
                            {%- set tool = tool.function %}
                            {{- '{"type": "function", "function": {' }}
                            {%- for key, val in tool.items() if key != "return" %}
                                {%- if val is string %}
                                    {{- '"' + key + '": "' + val + '"' }}
                                {%- else %}
                                    {{- '"' + key + '": ' + val|tojson }}
                                {%- endif %}
                                {%- if not loop.last %}
                                    {{- ", " }}
                                {%- endif %}
                            {%- endfor %}
                            {{- "}}" }}
                            {%- if not loop.last %}
                                {{- ", " }}
                            {%- else %}
                                {{- "]" }}
                            {%- endif %}
                        {%- endfor %}
                        {{- "[/AVAILABLE_TOOLS]" }}
                        {%- endif %}
                    {%- if loop.last and system_message is defined %}
                        {{- "[INST] " + system_message + "\\n\\n" + message["content"] + "[/INST]" }}
                    {%- else %}
                        {{- "[INST] " + message["content"] + "[/INST]" }}
                    {%- endif %}
                {%- elif message.tool_calls is defined and message.tool_calls is not none %}
                    {{- "[TOOL_CALLS] [" }}
                    {%- for tool_call in message.tool_calls %}
                        {%- set out = tool_call.function|tojson %}
                        {{- out[:-1] }}
                        {%- if not tool_call.id is defined or tool_call.id|length != 9 %}
                            {{- raise_exception("Tool call IDs should be alphanumeric strings with length 9!") }}
                        {%- endif %}
                        {{- ', "id": "' + tool_call.id + '"}' }}
                        {%- if not loop.last %}
                            {{- ", " }}
                        {%- else %}
                            {{- "]" + eos_token }}
                        {%- endif %}
                    {%- endfor %}
                {%- elif message["role"] == "assistant" %}
                    {{- " " + message["content"]|trim + eos_token}}
                {%- elif message["role"] == "tool_results" or message["role"] == "tool" %}
                    {%- if message.content is defined and message.content.content is defined %}
                        {%- set content = message.content.content %}
                    {%- else %}
                        {%- set content = message.content %}
                    {%- endif %}
                    {{- '[TOOL_RESULTS] {"content": ' + content|string + ", " }}
                    {%- if not message.tool_call_id is defined or message.tool_call_id|length != 9 %}
                        {{- raise_exception("Tool call IDs should be alphanumeric strings with length 9!") }}
                    {%- endif %}
                    {{- '"call_id": "' + message.tool_call_id + '"}[/TOOL_RESULTS]' }}
                {%- else %}
                    {{- raise_exception("Only user and assistant roles are supported, with the exception of an initial optional system message!") }}
                {%- endif %}
            {%- endfor %}
            """;

    @Test
    void mistralV03() throws IOException {
        ChatTemplate t = write("mistral-v0.3", MISTRAL_V03, Map.of("bos_token", "<s>", "eos_token", "</s>", "unk_token", "<unk>"));
        // the system message joins the last user turn; no generation prompt exists in this format
        assertEquals("<s>[INST] You are a helpful assistant.\n\nHello![/INST]", t.render(SYSTEM_USER, true));
        assertEquals("<s>[INST] Hello![/INST]", t.render(USER, true));
        assertEquals("<s>[INST] Hi[/INST] Hello.</s>[INST] Rank these.[/INST]", t.render(MULTI_TURN, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.render(List.of(new Message("user", "a"), new Message("user", "b")), true));
        assertTrue(e.getMessage().contains("conversation roles must alternate user/assistant"), e.getMessage());
    }

    /**
     * Mistral-7B-Instruct-v0.2 as first released: one line, no system role, {@code [INST]} directly after BOS.
     * Checkpoints downloaded before the template was revised carry this one.
     */
    static final String MISTRAL_V02_FIRST = "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') "
            + "!= (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
            + "{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
            + "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}"
            + "{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}";

    @Test
    void mistralV02AsFirstReleased() throws IOException {
        ChatTemplate t = write("mistral-v0.2-first", MISTRAL_V02_FIRST,
                Map.of("bos_token", "<s>", "eos_token", "</s>", "unk_token", "<unk>"));
        assertEquals("<s>[INST] Hello! [/INST]", t.render(USER, true));
        assertEquals("<s>[INST] Hi [/INST]Hello.</s>[INST] Rank these. [/INST]", t.render(MULTI_TURN, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.render(SYSTEM_USER, true));
        assertEquals("chat template: Conversation roles must alternate user/assistant/user/assistant/...", e.getMessage());
    }

    /**
     * Mistral-7B-Instruct-v0.2's revised template (shared with v0.1 and Mixtral-8x7B-Instruct-v0.1): the
     * sentencepiece "V1" format of Mistral's own tokenizer library, a space before every {@code [INST]} and
     * inside {@code [/INST]}, the system message joined to the first user turn.
     */
    static final String MISTRAL_V02 = """
            {%- if messages[0]['role'] == 'system' %}
                {%- set system_message = messages[0]['content'] %}
                {%- set loop_messages = messages[1:] %}
            {%- else %}
                {%- set loop_messages = messages %}
            {%- endif %}

            {{- bos_token }}
            {%- for message in loop_messages %}
                {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
                    {{- raise_exception('After the optional system message, conversation roles must alternate user/assistant/user/assistant/...') }}
                {%- endif %}
                {%- if message['role'] == 'user' %}
                    {%- if loop.first and system_message is defined %}
                        {{- ' [INST] ' + system_message + '\\n\\n' + message['content'] + ' [/INST]' }}
                    {%- else %}
                        {{- ' [INST] ' + message['content'] + ' [/INST]' }}
                    {%- endif %}
                {%- elif message['role'] == 'assistant' %}
                    {{- ' ' + message['content'] + eos_token}}
                {%- else %}
                    {{- raise_exception('Only user and assistant roles are supported, with the exception of an initial optional system message!') }}
                {%- endif %}
            {%- endfor %}
            """;

    @Test
    void mistralV02() throws IOException {
        ChatTemplate t = write("mistral-v0.2", MISTRAL_V02, Map.of("bos_token", "<s>", "eos_token", "</s>", "unk_token", "<unk>"));
        assertEquals("<s> [INST] You are a helpful assistant.\n\nHello! [/INST]", t.render(SYSTEM_USER, true));
        assertEquals("<s> [INST] Hello! [/INST]", t.render(USER, true));
        assertEquals("<s> [INST] Hi [/INST] Hello.</s> [INST] Rank these. [/INST]", t.render(MULTI_TURN, false));
        assertEquals(t.render(USER, true), t.renderUserPrompt("Hello!"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.render(List.of(new Message("user", "a"), new Message("user", "b")), true));
        assertTrue(e.getMessage().contains("conversation roles must alternate user/assistant"), e.getMessage());
    }

    static final String ZEPHYR = "{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + "
            + "message['content'] + eos_token }}\n{% elif message['role'] == 'system' %}\n{{ '<|system|>\n' + message['content'] + "
            + "eos_token }}\n{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n"
            + "{% endif %}\n{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}";

    @Test
    void zephyr() throws IOException {
        ChatTemplate t = write("zephyr", ZEPHYR, Map.of("bos_token", "<s>", "eos_token", "</s>"));
        // trim_blocks drops the newline after each block tag; the one after each {{ ... }} stays
        assertEquals("<|system|>\nYou are a helpful assistant.</s>\n<|user|>\nHello!</s>\n<|assistant|>\n",
                t.render(SYSTEM_USER, true));
        assertEquals("<|user|>\nHi</s>\n<|assistant|>\nHello.</s>\n<|user|>\nRank these.</s>\n", t.render(MULTI_TURN, false));
    }

    /**
     * Qwen3's template walks the messages backwards ({@code messages[::-1]}), keeps state in a namespace built
     * from expressions, and calls Python string methods ({@code startswith}, {@code split}, {@code lstrip}) on
     * every user turn; reproduced here as published with the Qwen3 models (April 2025 release), tool branches
     * included but not exercised.
     */
    static final String QWEN3 = """
            {%- if tools %}
                {{- '<|im_start|>system\\n' }}
                {%- if messages[0].role == 'system' %}
                    {{- messages[0].content + '\\n\\n' }}
                {%- endif %}
                {{- "# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>" }}
                {%- for tool in tools %}
                    {{- "\\n" }}
                    {{- tool | tojson }}
                {%- endfor %}
                {{- "\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\"name\\": <function-name>, \\"arguments\\": <args-json-object>}\\n</tool_call><|im_end|>\\n" }}
            {%- else %}
                {%- if messages[0].role == 'system' %}
                    {{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}
                {%- endif %}
            {%- endif %}
            {%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}
            {%- for message in messages[::-1] %}
                {%- set index = (messages|length - 1) - loop.index0 %}
                {%- if ns.multi_step_tool and message.role == "user" and message.content is string and not(message.content.startswith('<tool_response>') and message.content.endswith('</tool_response>')) %}
                    {%- set ns.multi_step_tool = false %}
                    {%- set ns.last_query_index = index %}
                {%- endif %}
            {%- endfor %}
            {%- for message in messages %}
                {%- if message.content is string %}
                    {%- set content = message.content %}
                {%- else %}
                    {%- set content = '' %}
                {%- endif %}
                {%- if (message.role == "user") or (message.role == "system" and not loop.first) %}
                    {{- '<|im_start|>' + message.role + '\\n' + content + '<|im_end|>' + '\\n' }}
                {%- elif message.role == "assistant" %}
                    {%- set reasoning_content = '' %}
                    {%- if message.reasoning_content is string %}
                        {%- set reasoning_content = message.reasoning_content %}
                    {%- else %}
                        {%- if '</think>' in content %}
                            {%- set reasoning_content = content.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') %}
                            {%- set content = content.split('</think>')[-1].lstrip('\\n') %}
                        {%- endif %}
                    {%- endif %}
                    {%- if loop.index0 > ns.last_query_index %}
                        {%- if loop.last or (not loop.last and reasoning_content) %}
                            {{- '<|im_start|>' + message.role + '\\n<think>\\n' + reasoning_content.strip('\\n') + '\\n</think>\\n\\n' + content.lstrip('\\n') }}
                        {%- else %}
                            {{- '<|im_start|>' + message.role + '\\n' + content }}
                        {%- endif %}
                    {%- else %}
                        {{- '<|im_start|>' + message.role + '\\n' + content }}
                    {%- endif %}
                    {%- if message.tool_calls %}
                        {%- for tool_call in message.tool_calls %}
                            {%- if (loop.first and content) or (not loop.first) %}
                                {{- '\\n' }}
                            {%- endif %}
                            {%- if tool_call.function %}
                                {%- set tool_call = tool_call.function %}
                            {%- endif %}
                            {{- '<tool_call>\\n{"name": "' }}
                            {{- tool_call.name }}
                            {{- '", "arguments": ' }}
                            {%- if tool_call.arguments is string %}
                                {{- tool_call.arguments }}
                            {%- else %}
                                {{- tool_call.arguments | tojson }}
                            {%- endif %}
                            {{- '}\\n</tool_call>' }}
                        {%- endfor %}
                    {%- endif %}
                    {{- '<|im_end|>\\n' }}
                {%- elif message.role == "tool" %}
                    {%- if loop.first or (messages[loop.index0 - 1].role != "tool") %}
                        {{- '<|im_start|>user' }}
                    {%- endif %}
                    {{- '\\n<tool_response>\\n' }}
                    {{- content }}
                    {{- '\\n</tool_response>' }}
                    {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
                        {{- '<|im_end|>\\n' }}
                    {%- endif %}
                {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|im_start|>assistant\\n' }}
                {%- if enable_thinking is defined and enable_thinking is false %}
                    {{- '<think>\\n\\n</think>\\n\\n' }}
                {%- endif %}
            {%- endif %}
            """;

    @Test
    void qwen3() throws IOException {
        ChatTemplate t = write("qwen3", QWEN3, Map.of("eos_token", "<|im_end|>", "pad_token", "<|endoftext|>"));
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHello!<|im_end|>\n"
                + "<|im_start|>assistant\n", t.render(SYSTEM_USER, true));
        // no default system turn, and thinking left on (no empty think block) unless enable_thinking is false
        assertEquals("<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n", t.render(USER, true));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello.<|im_end|>\n"
                + "<|im_start|>user\nRank these.<|im_end|>\n", t.render(MULTI_TURN, false));
        // apply_chat_template(..., enable_thinking=False): the non-thinking mode a prompt is put in
        assertEquals("<|im_start|>user\nHello!<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                t.renderUserPrompt("Hello!"));
        // an answer after the last query keeps its reasoning, re-laid out by the string methods
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nhmm\n</think>\n\nHello.<|im_end|>\n",
                t.render(List.of(new Message("user", "Hi"), new Message("assistant", "<think>\nhmm\n</think>\n\nHello.")), false));
    }

    @Test
    void pythonStringMethodsKeepPythonMeaning() {
        assertEquals(List.of("a", "", "b|c"), PythonStringMethods.split("a,,b|c", ","));
        assertEquals(List.of("a", "b"), PythonStringMethods.split("  a \n b ", null));
        assertEquals("x\n", PythonStringMethods.lstrip("\n\nx\n", "\n"));
        assertEquals("ab", PythonStringMethods.rstrip("abxyx", "xy"));
    }

    @Test
    void namedTemplateListTakesTheDefault() throws IOException {
        ChatTemplate t = write("named", List.of(Map.of("name", "tool_use", "template", "TOOLS"),
                Map.of("name", "default", "template", LLAMA3)), Map.of("bos_token", "<|begin_of_text|>"));
        assertEquals(LLAMA3, t.template());
        assertThrows(CheckpointException.class,
                () -> write("no-default", List.of(Map.of("name", "tool_use", "template", "T")), Map.of()));
    }

    @Test
    void aSeparateJinjaFileWinsAndNoTemplateMeansNone() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("jinja"));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\", \"chat_template\": \"X\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ bos_token }}{{ messages[0].content }}");
        assertEquals("<s>hi", ChatTemplate.of(CheckpointDirectory.of(dir)).orElseThrow()
                .render(List.of(new Message("user", "hi")), true));
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        assertEquals(Optional.empty(), ChatTemplate.of(CheckpointDirectory.of(plain)));
        assertEquals(Optional.empty(), ChatTemplate.of(CheckpointDirectory.of(Files.createDirectories(tmp.resolve("none")))));
    }

    @Test
    void strftimeFollowsPythonCodes() {
        assertEquals("05 Dec 2026", ChatTemplate.strftime(java.time.LocalDateTime.of(2026, 12, 5, 1, 2, 3), "%d %b %Y"));
        assertEquals("Saturday, December 05 01:02:03 %", ChatTemplate.strftime(
                java.time.LocalDateTime.of(2026, 12, 5, 1, 2, 3), "%A, %B %d %H:%M:%S %%"));
    }
}
