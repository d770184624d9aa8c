package dev.switchboard.fuzz;

import static dev.switchboard.fuzz.FuzzValues.placeholder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A deterministic corpus of malformed and random Engine.IO / Socket.IO frames: the same seed always gives the same
 * entries in the same order, so a failure of the fuzz test reproduces from its seed and entry index. Pure: no I/O,
 * no clock, no shared state.
 */
public final class FrameCorpus {

    /** The seed the fuzz test uses unless the system property {@code fuzz.seed} says otherwise. */
    public static final long DEFAULT_SEED = 20_240_601L;
    public static final String SEED_PROPERTY = "fuzz.seed";
    /** The server's default {@code switchboard.engine.max-payload}, around which the oversized entries are cut. */
    public static final int MAX_PAYLOAD = 1_000_000;

    private static final String PH0 = placeholder(0);
    private static final String PH1 = placeholder(1);
    private static final int[] OVERSIZED_LENGTHS = {999_999, 1_000_000, 1_000_001, 1_500_000};

    /** What an entry tests, with how many entries the corpus has of it. */
    public enum Category {
        /** Engine.IO packet types 0-9 and garbage type characters, with odd bodies. */
        ENGINE_TYPES(650),
        /** Socket.IO packet types 0-9 and garbage, with random attachment counts, namespaces, ack ids, payloads. */
        SOCKET_TYPES(800),
        /** "/", unknown and very long namespaces, missing or doubled commas, on every packet type. */
        NAMESPACES(650),
        /** Ack ids that are huge, negative, non-numeric, spelled with other digits or thousands of digits long. */
        ACK_IDS(650),
        /** Attachment counts huge, negative, zero or mismatched; missing and extra binary frames. */
        ATTACHMENTS(750),
        /** Placeholders out of range, not integers, misshapen, in packets without attachments, as event names. */
        PLACEHOLDERS(750),
        /** Truncated JSON, bad escapes and literals, trailing garbage, removed structure. */
        BROKEN_JSON(800),
        /** Up to 100,000 levels of arrays and objects, closed or not. */
        DEEP_NESTING(300),
        /** Wrong top-level types, non-array events, non-string and reserved event names, wrong argument types. */
        WRONG_TYPES(650),
        /** 1e999, 20-digit integers, absurd exponents, as arguments, ack ids, auth values and placeholder numbers. */
        HUGE_NUMBERS(700),
        /** Invalid UTF-8 as binary WebSocket frames and as raw bytes in polling bodies. */
        BAD_UTF8(650),
        /** The polling record separator in odd places: alone, doubled, inside JSON, thousands of them. */
        SEPARATORS(550),
        /** {@code b<base64>} packets with invalid base64 (and valid base64 where nothing waits for it). */
        BASE64(550),
        /** Empty frames, empty bodies, empty attachments. */
        EMPTY(200),
        /** Frames just under, at and over the 1,000,000-byte maxPayload (a few, to keep the traffic sane). */
        OVERSIZED(OVERSIZED_LENGTHS.length * 3),
        /** Random bytes and random text. */
        RANDOM_BYTES(500),
        /** Valid frames with a few characters flipped, deleted, duplicated or inserted. */
        MUTATIONS(850),
        /** Well-formed events to the deployed handlers with random arguments, binary ones included. */
        HANDLER_ARGUMENTS(700);

        private final int count;

        Category(int count) {
            this.count = count;
        }

        public int count() {
            return count;
        }
    }

    private final FuzzValues v;
    private final SplittableRandom random;

    private FrameCorpus(long seed) {
        this.random = new SplittableRandom(seed);
        this.v = new FuzzValues(random);
    }

    /** The seed from {@code -Dfuzz.seed} (decimal, or hex with {@code 0x}), else {@link #DEFAULT_SEED}. */
    public static long seedFromSystemProperty() {
        return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
    }

    /** The corpus for {@code seed}: every category's entries, shuffled, each knowing its index. */
    public static List<FuzzFrame> generate(long seed) {
        FrameCorpus corpus = new FrameCorpus(seed);
        List<Draft> drafts = new ArrayList<>();
        for (Category category : Category.values()) {
            for (int k = 0; k < category.count(); k++) {
                drafts.add(corpus.draft(category, k));
            }
        }
        Collections.shuffle(drafts, new Random(corpus.random.nextLong()));
        List<FuzzFrame> frames = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            frames.add(new FuzzFrame(frames.size(), d.category, d.connect, d.messages, d.body));
        }
        return List.copyOf(frames);
    }

    /** A SHA-256 over every entry: equal corpora have equal fingerprints. */
    public static String fingerprint(List<FuzzFrame> frames) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (FuzzFrame f : frames) {
                sha.update((f.index() + " " + f.category() + " " + f.connectFirst()).getBytes(StandardCharsets.UTF_8));
                for (Object m : f.messages()) {
                    sha.update(m instanceof byte[] ? (byte) 'B' : (byte) 'T');
                    sha.update(m instanceof byte[] b ? b : ((String) m).getBytes(StandardCharsets.UTF_8));
                }
                sha.update((byte) '|');
                sha.update(f.pollingBody());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An entry before shuffling. Text is made valid UTF-16 (a cut through an emoji leaves '?', as UTF-8 would). */
    private record Draft(Category category, boolean connect, List<Object> messages, byte[] body) {
        Draft {
            messages = messages.stream()
                    .map(m -> m instanceof String s
                            ? new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) : m)
                    .toList();
        }
    }

    private Draft draft(Category category, int k) {
        Draft d = switch (category) {
            case ENGINE_TYPES -> engineType();
            case SOCKET_TYPES -> socketType();
            case NAMESPACES -> namespace();
            case ACK_IDS -> ackId();
            case ATTACHMENTS -> attachments();
            case PLACEHOLDERS -> placeholders();
            case BROKEN_JSON -> brokenJson();
            case DEEP_NESTING -> deepNesting();
            case WRONG_TYPES -> wrongTypes();
            case HUGE_NUMBERS -> hugeNumbers();
            case BAD_UTF8 -> badUtf8();
            case SEPARATORS -> separators();
            case BASE64 -> base64();
            case EMPTY -> empty();
            case OVERSIZED -> oversized(k);
            case RANDOM_BYTES -> randomBytes();
            case MUTATIONS -> mutation();
            case HANDLER_ARGUMENTS -> handlerArguments();
        };
        return new Draft(category, d.connect, d.messages, d.body);
    }

    // ---- one generator per category ----------------------------------------------------------------------------

    private Draft engineType() {
        char type = v.chance(0.25) ? v.awkwardChar() : (char) ('0' + v.between(0, 9));
        String body = v.pick("", "probe", v.text(40), v.json(2), "{\"sid\":\"x\"}", "0", "40", "2[\"echo\"]");
        return messages(v.chance(0.5), type + body);
    }

    private Draft socketType() {
        StringBuilder f = new StringBuilder("4");
        f.append(v.chance(0.2) ? v.awkwardChar() : (char) ('0' + v.between(0, 9)));
        if (v.chance(0.3)) {
            f.append(v.pick("1-", "0-", "2-", "-", "1"));
        }
        if (v.chance(0.3)) {
            f.append(v.pick("/", "/fuzz", "/x")).append(v.chance(0.9) ? "," : "");
        }
        if (v.chance(0.3)) {
            f.append(v.pick("1", "0", "42", v.digits(v.between(1, 20))));
        }
        if (v.chance(0.8)) {
            f.append(v.pick(v.json(2), "[\"echo\"," + v.json(2) + "]", "[\"" + event() + "\"]", "{}"));
        }
        return v.chance(0.2) ? messages(v.chance(0.5), f.toString(), v.randomBytes(16))
                : messages(v.chance(0.5), f.toString());
    }

    private Draft namespace() {
        int type = v.between(0, 6);
        String ns = v.pick("/", "/x", "/fuzz", "", "//", "/" + v.text(30), "/" + "a".repeat(v.between(1000, 60_000)),
                "x", "/\u0000", "/é中", "/fuzz/", "/FUZZ", " /fuzz", "/fuzz?x=1", "/" + v.word(1, 8));
        String sep = v.pick(",", ",", ",", "", ",,", ", ");
        String attachments = type == 5 || type == 6 ? "1-" : "";
        String rest = switch (type) {
            case 0 -> v.pick("", "{}", "{\"token\":" + v.json(1) + "}", v.json(2));
            case 2 -> "[\"echo\"," + v.json(1) + "]";
            case 3 -> "1[" + v.json(1) + "]";
            case 5 -> "[\"echo\"," + PH0 + "]";
            case 6 -> "1[" + PH0 + "]";
            default -> v.pick("", v.json(1));
        };
        String frame = "4" + type + attachments + ns + sep + rest;
        List<Object> out = new ArrayList<>();
        if (type != 0 && v.chance(0.3)) {
            out.add("40" + ns + ",");
        }
        out.add(frame);
        if (!attachments.isEmpty()) {
            out.add(v.randomBytes(8));
        }
        return messages(v.chance(0.5), out);
    }

    private Draft ackId() {
        String id = v.pick("99999999999999999999999", "999999999999999", "1000000000000000", "-1", "-99", "abc",
                "1.5", "0x1F", "+7", "1e3", "", "0007", v.digits(v.between(16, 10_000)), " 1", "1 ", "\u0661",
                "\u0661\u0662", "0", "9007199254740993");
        String ns = v.pick("", "", "/fuzz,", "/x,");
        String frame = switch (v.between(0, 3)) {
            case 0 -> "42" + ns + id + "[\"" + event() + "\"," + v.json(1) + "]";
            case 1 -> "43" + ns + id + "[" + v.json(1) + "]";
            case 2 -> "461-" + ns + id + "[" + PH0 + "]";
            default -> "451-" + ns + id + "[\"echo\"," + PH0 + "]";
        };
        List<Object> out = new ArrayList<>();
        if (ns.equals("/fuzz,")) {
            out.add("40/fuzz,");
        }
        out.add(frame);
        if (frame.startsWith("451-") || frame.startsWith("461-")) {
            out.add(v.randomBytes(8));
        }
        return messages(v.chance(0.85), out);
    }

    private Draft attachments() {
        boolean ack = v.chance(0.3);
        String count = v.pick("0", "1", "2", "3", "10", "11", "-1", "99999999999999999999", "2147483648",
                "4294967297", "01", "1.0", "a", "", " 1");
        int declared = count.matches("\\d{1,2}") ? Integer.parseInt(count) : 1;
        int n = Math.min(declared, 12);
        StringBuilder placeholders = new StringBuilder();
        for (int i = 0; i < n; i++) {
            placeholders.append(',').append(placeholder(i));
        }
        String payload = ack ? "[" + (n == 0 ? "" : placeholders.substring(1)) + "]" : "[\"echo\"" + placeholders + "]";
        String ns = v.chance(0.2) ? "/fuzz," : "";
        String frame = "4" + (ack ? "6" : "5") + count + v.pick("-", "-", "-", "--", "") + ns
                + (ack ? v.pick("1", "5", "") : v.pick("", "", "7")) + payload;
        List<Object> out = new ArrayList<>();
        if (!ns.isEmpty()) {
            out.add("40/fuzz,");
        }
        out.add(frame);
        int sent = Math.max(0, v.pick(0, n - 1, n, n, n + 1, n + 2, v.between(0, 12)));
        for (int i = 0; i < sent; i++) {
            out.add(v.randomBytes(64));
        }
        if (v.chance(0.3)) {
            out.add("42[\"echo\",\"after\"]");
        }
        if (v.chance(0.15)) {
            out.add("451-[\"echo\"," + PH0 + "]");
        }
        return messages(v.chance(0.8), out);
    }

    private Draft placeholders() {
        int n = v.between(1, 3);
        String bad = v.badPlaceholder(n);
        String handler = v.pick("echo", "typed-bytes", "typed-object", "typed-json", "typed-record", "typed-many",
                "ping-me", "typed-list", "nick");
        List<Object> out = new ArrayList<>();
        switch (v.between(0, 7)) {
            case 0 -> out.add("45" + n + "-[\"" + handler + "\"," + bad + "]");
            case 1 -> out.add("45" + n + "-1[\"" + handler + "\",{\"deep\":[" + bad + "]}]");
            case 2 -> out.add("42[\"" + handler + "\"," + placeholder(v.between(0, 2)) + "]");
            case 3 -> out.add("42" + v.pick("", "9") + "[\"" + handler + "\",{\"a\":[" + PH0 + "]}]");
            case 4 -> out.add("43" + v.between(0, 5) + "[" + PH0 + "]");
            case 5 -> out.add(v.pick("40{\"token\":" + PH0 + "}", "40" + PH0));
            case 6 -> out.add("45" + n + "-[" + PH0 + "]");
            default -> out.add("46" + n + "-3[" + bad + "]");
        }
        String header = (String) out.get(0);
        boolean attach = header.startsWith("45") || header.startsWith("46");
        for (int i = 0; attach && i < n; i++) {
            out.add(v.randomBytes(16));
        }
        return messages(v.chance(0.9), out);
    }

    private Draft brokenJson() {
        String handler = event();
        String valid = "[\"" + handler + "\"," + v.json(3) + "]";
        String broken = switch (v.between(0, 8)) {
            case 0 -> valid.substring(0, v.between(1, valid.length() - 1));
            case 1 -> insert(valid, v.pick("NaN", "Infinity", "-Infinity", "undefined", "'x'", "//c\n", "/*c*/", ",,",
                    ":", ",", "]", "}", "[", "{", "\""));
            case 2 -> valid + v.pick("x", "]", "[]", " 1", "\u0000", "\"");
            case 3 -> "[\"" + handler + "\",\"unterminated";
            case 4 -> "[\"" + handler + "\",\"bad escape \\" + v.pick("x", "u12", "u", "uZZZZ", "") + "\"]";
            case 5 -> "[\"" + handler + "\",\"raw control " + (char) v.between(0, 0x1f) + "\"]";
            case 6 -> "\ufeff" + valid;
            case 7 -> "[\"" + handler + "\"," + v.pick("{\"a\" 1}", "{a:1}", "{'a':1}", "[1 2]", "{\"a\":}", "{,}",
                    "[,1]", "01", "1.", ".5", "-", "+1", "0x10", "1e", "1e+", "tru", "nul", "True") + "]";
            default -> valid.replace(v.pick(",", "[", "]", "\"", ":"), "");
        };
        return messages(v.chance(0.7), v.pick("42", "4213", "431", "40", "42/fuzz,", "41") + broken);
    }

    private Draft deepNesting() {
        int d = v.chance(0.05) ? 100_000 : v.pick(100, 500, 999, 1000, 1001, 2000, 5000, 10_000, 10_000, 10_000);
        List<Object> out = new ArrayList<>();
        switch (v.between(0, 7)) {
            case 0 -> out.add("42" + "[".repeat(d));
            case 1 -> out.add("42" + v.nested("[", "", "]", d));
            case 2 -> out.add("42[\"echo\"," + v.nested("[", "1", "]", d) + "]");
            case 3 -> out.add("42[\"echo\"," + v.nested("{\"a\":", "1", "}", Math.min(d, 20_000)) + "]");
            case 4 -> out.add("40" + v.nested("{\"a\":", "1", "}", Math.min(d, 20_000)));
            case 5 -> {
                out.add("451-[\"echo\"," + v.nested("[", PH0, "]", d) + "]");
                out.add(v.randomBytes(8));
            }
            case 6 -> out.add("421[\"typed-object\"," + v.nested("[", "\"x\"", "]", d) + "]");
            default -> out.add("431" + "[{\"a\":[".repeat(Math.min(d, 20_000) / 2));
        }
        return messages(v.chance(0.8), out);
    }

    private Draft wrongTypes() {
        if (v.chance(0.5)) {
            StringBuilder args = new StringBuilder();
            for (int i = v.between(1, 4); i > 0; i--) {
                args.append(',').append(v.chance(0.5) ? v.pick(FuzzValues.SCALARS) : v.json(2));
            }
            return messages(v.chance(0.95), "42" + v.pick("", "3", "77") + "[\"" + event() + "\"" + args + "]");
        }
        String reserved = v.pick(FuzzValues.RESERVED_EVENTS);
        return messages(v.chance(0.8), v.pick("42{}", "42\"echo\"", "421", "42null", "42true", "42[]", "42[1,2]",
                "42[null]", "42[[\"echo\"]]", "42[{\"a\":1}]", "42[" + v.json(1) + "]", "431{}", "431\"x\"",
                "431null", "43[]", "431", "41{}", "41[]", "41\"x\"", "411", "41/fuzz,{}", "44", "44{}", "44\"x\"",
                "44{\"message\":\"x\"}", "44/fuzz,{}", "40[]", "40\"x\"", "401", "40null", "40true", "4012{}",
                "42[\"" + reserved + "\"]", "421[\"" + reserved + "\",1]"));
    }

    private Draft hugeNumbers() {
        String num = v.number();
        String arg = v.pick(num, "[" + num + "]", "{\"x\":" + num + ",\"y\":" + num + "}", "{\"k\":" + num + "}",
                "[" + num + "," + v.number() + "]");
        return switch (v.between(0, 5)) {
            case 0, 1 -> messages(v.chance(0.95), "42" + v.between(0, 50) + "[\"" + v.pick("typed-int", "typed-long",
                    "typed-double", "typed-object", "typed-list", "typed-map", "typed-record", "echo", "typed-string",
                    "nick", "room:join", "typed-later") + "\"," + arg + "]");
            case 2 -> messages(v.chance(0.9), "43" + v.between(0, 9) + "[" + arg + "]");
            case 3 -> messages(false, "40{\"n\":" + num + "}");
            case 4 -> messages(v.chance(0.9), "451-[\"echo\"," + placeholder(num) + "]", v.randomBytes(4));
            default -> messages(v.chance(0.95), "427[\"typed-many\"," + v.pick("\"a\"", num) + "," + num + ",true,"
                    + "{\"x\":" + num + ",\"y\":0}]");
        };
    }

    private Draft badUtf8() {
        byte[] bad = v.pick(FuzzValues.BAD_UTF8);
        if (v.chance(0.3)) {
            bad = concat(bad, v.pick(FuzzValues.BAD_UTF8), v.pick(FuzzValues.BAD_UTF8));
        }
        String[] wrap = v.pick(new String[] {"42[\"echo\",\"", "\"]"}, new String[] {"42[\"", "\"]"},
                new String[] {"4", ""}, new String[] {"", ""}, new String[] {"40{\"t\":\"", "\"}"},
                new String[] {"40/", ","}, new String[] {"421[\"typed-string\",\"", "\"]"}, new String[] {"b", ""},
                new String[] {"4", "\u001e4"}, new String[] {"42[\"nick\",\"", "\"]"},
                new String[] {"42/", ",[\"echo\"]"});
        byte[] raw = concat(wrap[0].getBytes(StandardCharsets.UTF_8), bad, wrap[1].getBytes(StandardCharsets.UTF_8));
        boolean connect = v.chance(0.8);
        if (v.chance(0.7)) {
            return new Draft(null, connect, List.of(raw), raw);
        }
        return messages(connect, "451-[\"echo\"," + PH0 + "]", raw);
    }

    private Draft separators() {
        String rs = "\u001e";
        String s = v.pick(rs, rs + rs, "4" + rs, rs + "4", "42[\"echo\",\"a" + rs + "b\"]",
                "40" + rs + "42[\"echo\",1]" + rs,
                "4" + rs + rs + "4", "b" + rs, "2" + rs + "3" + rs + "6", rs.repeat(v.between(2, 500)),
                ("6" + rs).repeat(v.between(2, 3000)), ("42[\"echo\",1]" + rs).repeat(v.between(2, 50)),
                "451-[\"echo\"," + PH0 + "]" + rs, "451-[\"echo\"," + PH0 + "]" + rs + rs + "bAQID",
                "1" + rs + "42[\"echo\"]", "42[\"echo\"" + rs + ",1]",
                insert("40" + rs + "42[\"echo\",{\"a\":[1,2]}]" + rs + "421[\"typed-int\",5]", rs));
        return messages(v.chance(0.6), s);
    }

    private Draft base64() {
        String b64 = v.pick("!!!!", "====", "Q", "QQ", "QQ=", "QQ==QQ==", "A===", "QUJD\r\n", " QUJD", "QUJD ", "-_-_",
                "QU JD", "\u00e9\u00e9", "AAAA\u0000", "", v.text(20),
                Base64.getEncoder().encodeToString(v.randomBytes(40)),
                Base64.getEncoder().withoutPadding().encodeToString(v.randomBytes(40)));
        String rs = "\u001e";
        String body = switch (v.between(0, 3)) {
            case 0 -> "b" + b64;
            case 1 -> "451-[\"echo\"," + PH0 + "]" + rs + "b" + b64;
            case 2 -> "b" + b64 + rs + "42[\"echo\",1]";
            default -> "462-1[" + PH0 + "," + PH1 + "]" + rs + "b" + b64 + rs + "b" + v.pick("AQID", b64);
        };
        // over a WebSocket the same packets travel as text frames, where "b..." is not an Engine.IO packet type
        List<Object> ws = new ArrayList<>(Arrays.asList((Object[]) body.split(rs, -1)));
        return new Draft(null, v.chance(0.7), ws, body.getBytes(StandardCharsets.UTF_8));
    }

    private Draft empty() {
        boolean connect = v.chance(0.5);
        return switch (v.between(0, 5)) {
            case 0 -> new Draft(null, connect, List.of(""), new byte[0]);
            case 1 -> new Draft(null, connect, List.of(new byte[0]), new byte[0]);
            case 2 -> messages(connect, "4");
            case 3 -> messages(connect, v.pick("42", "43", "40/", "4/", ",", "45-", "451-", "b", "0", "\u0000", " "));
            case 4 -> messages(connect, "451-[\"echo\"," + PH0 + "]", new byte[0]);
            default -> messages(connect, "", "");
        };
    }

    /** Deterministic rather than random: each length around maxPayload in each of three forms. */
    private Draft oversized(int k) {
        int length = OVERSIZED_LENGTHS[k % OVERSIZED_LENGTHS.length];
        return switch (k / OVERSIZED_LENGTHS.length) {
            case 0 -> messages(false, "4" + "x".repeat(length - 1));
            case 1 -> messages(true, "42[\"echo\",\"" + "y".repeat(length - 13) + "\"]");
            default -> {
                byte[] binary = new byte[length];
                Arrays.fill(binary, (byte) 'z');
                yield new Draft(null, false, List.of(binary), binary);
            }
        };
    }

    private Draft randomBytes() {
        if (v.chance(0.5)) {
            byte[] bytes = v.randomBytes(2048);
            return new Draft(null, v.chance(0.5), List.of(bytes), bytes);
        }
        return messages(v.chance(0.5), (v.chance(0.3) ? "4" : "") + v.text(300));
    }

    private Draft mutation() {
        List<Object> template = new ArrayList<>(v.pick(List.<Object>of("40"), List.<Object>of("40/fuzz,"),
                List.<Object>of("40{\"token\":\"abc\"}"), List.<Object>of("42[\"echo\",\"hi\",1,{\"a\":[1,2]}]"),
                List.<Object>of("4212[\"typed-record\",{\"x\":1,\"y\":2}]"),
                List.<Object>of("421[\"typed-many\",\"a\",2,true,{\"x\":1,\"y\":2}]"),
                List.<Object>of("451-[\"echo\"," + PH0 + "]", new byte[] {1, 2, 3}),
                List.<Object>of("461-3[" + PH0 + "]", new byte[] {4}), List.<Object>of("433[\"ok\"]"),
                List.<Object>of("41"), List.<Object>of("41/fuzz,"), List.<Object>of("42/fuzz,5[\"echo\",null]"),
                List.<Object>of("2"), List.<Object>of("3"), List.<Object>of("6"), List.<Object>of("5"),
                List.<Object>of("2probe"),
                List.<Object>of("452-[\"echo\"," + PH0 + "," + PH1 + "]", new byte[] {5}, new byte[] {6, 7})));
        String header = (String) template.get(0);
        for (int ops = v.between(1, 3); ops > 0; ops--) {
            header = mutate(header);
        }
        template.set(0, header);
        if (template.size() > 1 && v.chance(0.1)) {
            template.remove(template.size() - 1);
        } else if (v.chance(0.1)) {
            template.add(v.randomBytes(8));
        }
        return messages(v.chance(0.7), template);
    }

    private Draft handlerArguments() {
        int n = v.between(0, 4);
        boolean binary = v.chance(0.25);
        List<Object> attachments = new ArrayList<>();
        StringBuilder args = new StringBuilder("[\"").append(event()).append('"');
        for (int i = 0; i < n; i++) {
            if (binary && v.chance(0.5)) {
                String ph = placeholder(attachments.size());
                args.append(',').append(v.chance(0.5) ? ph : "{\"file\":" + ph + ",\"n\":" + v.json(1) + "}");
                attachments.add(v.randomBytes(32));
            } else {
                args.append(',').append(v.json(2));
            }
        }
        if (binary && attachments.isEmpty()) {
            args.append(',').append(PH0);
            attachments.add(v.randomBytes(32));
        }
        args.append(']');
        String ns = v.chance(0.15) ? "/fuzz," : "";
        String ack = v.chance(0.6) ? String.valueOf(v.between(0, 999)) : "";
        List<Object> out = new ArrayList<>();
        if (!ns.isEmpty()) {
            out.add("40/fuzz,");
        }
        out.add(binary ? "45" + attachments.size() + "-" + ns + ack + args : "42" + ns + ack + args);
        out.addAll(attachments);
        return messages(v.chance(0.95), out);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private String event() {
        return v.chance(0.85) ? v.pick(FuzzValues.HANDLED_EVENTS) : v.chance(0.5) ? v.word(1, 12) : v.text(10)
                .replace("\\", "").replace("\"", "");
    }

    private String insert(String s, String token) {
        int at = v.between(0, s.length());
        return s.substring(0, at) + token + s.substring(at);
    }

    private String mutate(String s) {
        if (s.isEmpty()) {
            return v.text(3);
        }
        int at = v.between(0, s.length() - 1);
        int end = v.between(at, Math.min(s.length(), at + 5));
        return switch (v.between(0, 5)) {
            case 0 -> s.substring(0, at) + v.awkwardChar() + s.substring(at + 1);
            case 1 -> s.substring(0, at) + s.substring(end);
            case 2 -> s.substring(0, end) + s.substring(at, end) + s.substring(end);
            case 3 -> insert(s, v.pick(v.text(5), "-", ",", "/", v.digits(v.between(1, 25)), "\"", "["));
            case 4 -> s.substring(0, at);
            default -> at + 1 < s.length()
                    ? s.substring(0, at) + s.charAt(at + 1) + s.charAt(at) + s.substring(at + 2) : s + s;
        };
    }

    private static Draft messages(boolean connect, Object... messages) {
        return messages(connect, Arrays.asList(messages));
    }

    private static Draft messages(boolean connect, List<Object> messages) {
        return new Draft(null, connect, List.copyOf(messages), FuzzFrame.joined(messages));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
