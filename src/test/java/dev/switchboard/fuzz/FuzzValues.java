package dev.switchboard.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The raw material of the {@link FrameCorpus}: strange numbers, strings and JSON, event names, placeholders, bad
 * UTF-8. Every choice comes from the random generator passed in, so the same seed gives the same values.
 */
final class FuzzValues {

    /** Events the fuzz deployment handles on "/" (the demo's, {@code FuzzHandlers}' and {@code FuzzTypedHandlers}'). */
    static final List<String> HANDLED_EVENTS = List.of("echo", "ping-me", "nick", "room:join", "room:leave",
            "room:message", "typed-int", "typed-long", "typed-double", "typed-string", "typed-record", "typed-bytes",
            "typed-json", "typed-object", "typed-list", "typed-map", "typed-many", "typed-later");
    // The demo's "chat" is left out on purpose: it broadcasts to every socket of "/", the canary included, and would
    // test the Java client's parser rather than the server.

    static final List<String> RESERVED_EVENTS = List.of("connect", "connect_error", "disconnect", "disconnecting",
            "newListener", "removeListener");

    /** Numbers that break naive conversions: out of every range, beyond double, absurd exponents, long spellings. */
    static final List<String> NUMBERS = List.of("0", "-0", "1", "-1", "0.5", "1.0", "1e0", "1e999", "-1e999",
            "1e-999", "1E+400", "99999999999999999999999", "-99999999999999999999999", "2147483648", "-2147483649",
            "9223372036854775808", "-9223372036854775809", "1e2147483648", "1e-2147483649", "1e999999999",
            "123456789012345678901234567890.123456789", "4.9e-324", "1.7976931348623157e309", "0e99999",
            "-0.0e-0");

    static final List<String> SCALARS = List.of("null", "true", "false", "\"\"", "\"x\"", "\"a\\u0000b\"",
            "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "{}", "[]", "{\"x\":1,\"y\":2}",
            "{\"room\":\"r\",\"text\":\"t\"}", "[1,2,3]", "[\"a\",\"b\"]", "{\"a\":{\"b\":[null]}}", "\"é中🎉\"");

    /** Byte sequences that are not UTF-8: overlong forms, surrogates, beyond U+10FFFF, truncated, stray bytes. */
    static final List<byte[]> BAD_UTF8 = List.of(bytes(0xC0, 0x80), bytes(0xC1, 0xBF), bytes(0x80), bytes(0xBF),
            bytes(0xE2, 0x82), bytes(0xE2, 0x28, 0xA1), bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF),
            bytes(0xF0, 0x82, 0x82, 0xAC), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF5, 0x80, 0x80, 0x80),
            bytes(0xF8, 0x88, 0x80, 0x80, 0x80), bytes(0xFC, 0x84, 0x80, 0x80, 0x80, 0x80), bytes(0xFE),
            bytes(0xFF), bytes(0xFF, 0xFE), bytes(0xC3), bytes(0xF0, 0x9F, 0x98), bytes(0x00));

    private static final String AWKWARD_CHARS = "[]{}\",:\\/-_0123456789 bxe\u0000\u0001\u001e\u001f\u007f\u00e9"
            + "\u4e2d\u2028\ufeff\ufffd";

    private final SplittableRandom r;

    FuzzValues(SplittableRandom r) {
        this.r = r;
    }

    int between(int min, int max) {
        return min + r.nextInt(max - min + 1);
    }

    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    <T> T pick(List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[r.nextInt(options.length)];
    }

    /** A character from a pool heavy in JSON and protocol syntax, or any BMP character that is not a surrogate. */
    char awkwardChar() {
        if (chance(0.7)) {
            return AWKWARD_CHARS.charAt(r.nextInt(AWKWARD_CHARS.length()));
        }
        char c;
        do {
            c = (char) r.nextInt(0x10000);
        } while (Character.isSurrogate(c));
        return c;
    }

    /** Text of up to {@code max} awkward characters (valid UTF-16: pairs only as whole emoji). */
    String text(int max) {
        int n = r.nextInt(max + 1);
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            if (chance(0.03)) {
                out.append("\ud83c\udf89");
            } else {
                out.append(awkwardChar());
            }
        }
        return out.toString();
    }

    /** Plain ASCII letters and digits. */
    String word(int min, int max) {
        int n = between(min, max);
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        return out.toString();
    }

    String digits(int n) {
        StringBuilder out = new StringBuilder(n).append((char) ('1' + r.nextInt(9)));
        for (int i = 1; i < n; i++) {
            out.append((char) ('0' + r.nextInt(10)));
        }
        return out.toString();
    }

    String number() {
        return chance(0.85) ? pick(NUMBERS) : chance(0.5) ? digits(between(16, 400)) : "0." + digits(between(1, 2000));
    }

    /** A JSON string literal of awkward text, escaped as a well-behaved encoder would. */
    String jsonString(int max) {
        String text = text(max);
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Valid JSON of any type, nested up to {@code depth}, with strange numbers and strings. */
    String json(int depth) {
        int kind = r.nextInt(depth > 0 ? 6 : 4);
        return switch (kind) {
            case 0 -> number();
            case 1 -> jsonString(12);
            case 2 -> pick(SCALARS);
            case 3 -> pick("null", "true", "false", "0");
            case 4 -> {
                StringBuilder out = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    out.append(i == 0 ? "" : ",").append(json(depth - 1));
                }
                yield out.append(']').toString();
            }
            default -> {
                StringBuilder out = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    String key = pick("\"x\"", "\"y\"", "\"room\"", "\"text\"", "\"_placeholder\"", "\"num\"",
                            jsonString(6));
                    out.append(i == 0 ? "" : ",").append(key).append(':').append(json(depth - 1));
                }
                yield out.append('}').toString();
            }
        };
    }

    /** A binary placeholder as a client would write it. */
    static String placeholder(Object num) {
        return "{\"_placeholder\":true,\"num\":" + num + "}";
    }

    /** A placeholder that is wrong in one way: its number out of range or not an integer, or its shape. */
    String badPlaceholder(int attachments) {
        return switch (r.nextInt(4)) {
            case 0 -> placeholder(pick(String.valueOf(attachments), String.valueOf(attachments + 1), "-1",
                    "2147483648", "99999999999999999999", "1e999", "-1e999", "1e2147483648"));
            case 1 -> placeholder(pick("0.5", "1.0", "1e0", "0e5", "-0", "\"0\"", "true", "null", "[]", "{}",
                    "[0]", "0.0000000000000000000001", "1e-999"));
            case 2 -> pick("{\"_placeholder\":true}", "{\"_placeholder\":\"true\",\"num\":0}",
                    "{\"_placeholder\":false,\"num\":0}", "{\"_placeholder\":1,\"num\":0}",
                    "{\"_placeholder\":null,\"num\":0}", "{\"num\":0}", "{\"_placeholder\":true,\"num\":0,\"x\":1}",
                    "{\"_placeholder\":true,\"_placeholder\":true,\"num\":0}",
                    "{\"_placeholder\":true,\"num\":0,\"num\":99}");
            default -> "[" + placeholder(r.nextInt(attachments + 2) - 1) + "," + json(1) + "]";
        };
    }

    byte[] randomBytes(int max) {
        byte[] out = new byte[r.nextInt(max + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) r.nextInt(256);
        }
        return out;
    }

    String nested(String open, String inner, String close, int depth) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
