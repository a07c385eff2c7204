package org.llmrerank.rescorer.llm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python's {@code str} methods for the Jinja engine, which otherwise calls Java's {@code String} methods: chat
 * templates written for Jinja2 call {@code content.startswith('<tool_response>')},
 * {@code content.split('</think>')[-1].lstrip('\n')} and the like (Qwen3's does for every user turn). Java has
 * no {@code startswith} and its {@code split} takes a regular expression, so these are resolved here with
 * Python's meaning; every other call falls through to the engine's resolvers.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || !(base instanceof CharSequence) || method == null) {
            return null;
        }
        String s = base.toString();
        Object[] p = params == null ? new Object[0] : params;
        Object result = switch (method.toString()) {
            case "startswith" -> p.length == 1 ? s.startsWith(text(p[0])) : null;
            case "endswith" -> p.length == 1 ? s.endsWith(text(p[0])) : null;
            case "strip" -> p.length <= 1 ? rstrip(lstrip(s, chars(p)), chars(p)) : null;
            case "lstrip" -> p.length <= 1 ? lstrip(s, chars(p)) : null;
            case "rstrip" -> p.length <= 1 ? rstrip(s, chars(p)) : null;
            case "split" -> p.length <= 1 ? split(s, p.length == 0 || p[0] == null ? null : text(p[0])) : null;
            case "upper" -> p.length == 0 ? s.toUpperCase(java.util.Locale.ROOT) : null;
            case "lower" -> p.length == 0 ? s.toLowerCase(java.util.Locale.ROOT) : null;
            default -> null;
        };
        if (result != null) {
            context.setPropertyResolved(true);
        }
        return result;
    }

    private static String text(Object o) {
        return String.valueOf(o);
    }

    /** The characters to strip: Python's default is whitespace (null here). */
    private static String chars(Object[] p) {
        return p.length == 0 || p[0] == null ? null : text(p[0]);
    }

    private static boolean strips(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strips(s.charAt(i), chars)) {
            i++;
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0 && strips(s.charAt(i - 1), chars)) {
            i--;
        }
        return s.substring(0, i);
    }

    /** Python's {@code split}: on a literal separator keeping empty parts, or on runs of whitespace. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            for (String part : s.strip().split("\\s+")) {
                if (!part.isEmpty()) {
                    out.add(part);
                }
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
        int from = 0;
        for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // not resolved here
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<java.beans.FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
