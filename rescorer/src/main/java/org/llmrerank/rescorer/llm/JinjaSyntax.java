package org.llmrerank.rescorer.llm;

/**
 * Rewrites two Jinja2 idioms of chat templates that the Java engine's expression parser does not take, into
 * forms it parses with the same meaning:
 * <ul>
 *   <li>{@code seq[::-1]} (a reversed copy, e.g. walking the messages from the last) becomes
 *       {@code seq|reverse|list};</li>
 *   <li>in {@code namespace(name=value, ...)} each value is parenthesised: the engine binds {@code name=} tighter
 *       than arithmetic, so {@code last=messages|length - 1} would subtract from the binding.</li>
 * </ul>
 * Arguments are split outside string literals; {@code [::-1]} is replaced wherever it appears (chat
 * templates do not write it inside their text).
 */
final class JinjaSyntax {

    private JinjaSyntax() {}

    static String rewrite(String template) {
        return namespaceArguments(template.replace("[::-1]", "|reverse|list"));
    }

    private static String namespaceArguments(String t) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int at = t.indexOf("namespace(", from); at >= 0; at = t.indexOf("namespace(", from)) {
            int open = at + "namespace(".length();
            int close = closing(t, open);
            if (close < 0) {
                break;
            }
            out.append(t, from, open);
            out.append(parenthesiseNamed(t.substring(open, close)));
            from = close;
        }
        return out.append(t.substring(from)).toString();
    }

    /** Index of the ')' closing the call whose arguments start at {@code from}, or -1. */
    private static int closing(String t, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return c == ')' ? i : -1;
                }
                depth--;
            }
        }
        return -1;
    }

    /** {@code a=x, b=y} to {@code a=(x), b=(y)}, splitting on top-level commas. */
    private static String parenthesiseNamed(String args) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i <= args.length(); i++) {
            char c = i < args.length() ? args.charAt(i) : ',';
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                String arg = args.substring(start, i);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\s*\\w+\\s*)=(?!=)(.*)$", java.util.regex.Pattern.DOTALL)
                        .matcher(arg);
                out.append(m.matches() ? m.group(1) + "=(" + m.group(2).strip() + ")" : arg);
                if (i < args.length()) {
                    out.append(',');
                }
                start = i + 1;
            }
        }
        return out.toString();
    }
}
