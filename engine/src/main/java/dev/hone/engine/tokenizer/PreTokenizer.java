package dev.hone.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pre_tokenizer} section of tokenizer.json: splits a normalized stretch of text into pieces
 * the BPE model encodes independently (and may rewrite them: ByteLevel maps bytes to characters,
 * Metaspace turns spaces into "▁"). Implements Split, ByteLevel, Metaspace, Digits and Sequence.
 * Reference: Hugging Face {@code tokenizers/src/pre_tokenizers}.
 */
interface PreTokenizer {

    /**
     * Splits every piece of {@code pieces} in place.
     *
     * @param pieces  the pieces so far, in text order, none empty
     * @param atStart whether {@code pieces.get(0)} begins at offset 0 of the user's text (Metaspace "first")
     */
    void apply(List<String> pieces, boolean atStart);

    /** The identity pre-tokenizer, for a {@code null} section: the whole stretch is one piece. */
    PreTokenizer NONE = (pieces, atStart) -> { };

    static PreTokenizer fromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return NONE;
        }
        String type = Json.type(n, "pre_tokenizer");
        return switch (type) {
            case "Split" -> split(n);
            case "ByteLevel" -> byteLevel(n.path("add_prefix_space").asBoolean(true), n.path("use_regex").asBoolean(true));
            case "Metaspace" -> metaspace(n);
            case "Digits" -> digits(n.path("individual_digits").asBoolean(false));
            case "Sequence" -> sequence(n.path("pretokenizers"));
            default -> throw new UnsupportedTokenizerException("tokenizer.json pre_tokenizer type '" + type
                    + "' is not supported; expected one of Split, ByteLevel, Metaspace, Digits, Sequence"
                    + " (the BPE checkpoints Hone trains use only these).");
        };
    }

    private static PreTokenizer split(JsonNode n) {
        Pattern pattern = Patterns.fromJson(n.path("pattern"), "Split pre_tokenizer");
        Behavior behavior = Behavior.fromJson(n.path("behavior").asText("Isolated"));
        boolean invert = n.path("invert").asBoolean(false);
        return (pieces, atStart) -> rebuild(pieces, p -> splitByRegex(p, pattern, behavior, invert));
    }

    private static PreTokenizer byteLevel(boolean addPrefixSpace, boolean useRegex) {
        Pattern gpt2 = useRegex ? Patterns.onig(ByteLevel.GPT2_REGEX, "ByteLevel pre_tokenizer") : null;
        return (pieces, atStart) -> rebuild(pieces, p -> {
            String s = addPrefixSpace && !p.startsWith(" ") ? " " + p : p;
            List<String> parts = useRegex ? splitByRegex(s, gpt2, Behavior.ISOLATED, false) : List.of(s);
            List<String> mapped = new ArrayList<>(parts.size());
            for (String part : parts) {
                mapped.add(ByteLevel.encode(part));
            }
            return mapped;
        });
    }

    private static PreTokenizer metaspace(JsonNode n) {
        String replacement = Json.text(n, "replacement", "Metaspace pre_tokenizer");
        String scheme = n.has("prepend_scheme") ? n.get("prepend_scheme").asText()
                : n.path("add_prefix_space").asBoolean(true) ? "always" : "never";
        boolean split = n.path("split").asBoolean(true);
        Pattern marker = Pattern.compile(Pattern.quote(replacement));
        return (pieces, atStart) -> {
            for (int i = 0; i < pieces.size(); i++) {
                String s = pieces.get(i).replace(" ", replacement);
                boolean prepend = switch (scheme.toLowerCase(Locale.ROOT)) {
                    case "always" -> true;
                    case "first" -> atStart && i == 0;
                    case "never" -> false;
                    default -> throw new UnsupportedTokenizerException("Metaspace prepend_scheme '" + scheme
                            + "' is not supported; expected always, first or never");
                };
                pieces.set(i, prepend && !s.startsWith(replacement) ? replacement + s : s);
            }
            if (split) {
                rebuild(pieces, p -> splitByRegex(p, marker, Behavior.MERGED_WITH_NEXT, false));
            }
        };
    }

    private static PreTokenizer digits(boolean individual) {
        Pattern digit = Pattern.compile(individual ? "\\p{N}" : "\\p{N}+");
        return (pieces, atStart) -> rebuild(pieces, p -> splitByRegex(p, digit, Behavior.ISOLATED, false));
    }

    private static PreTokenizer sequence(JsonNode list) {
        List<PreTokenizer> steps = new ArrayList<>();
        for (JsonNode child : list) {
            steps.add(fromJson(child));
        }
        return (pieces, atStart) -> {
            for (PreTokenizer step : steps) {
                step.apply(pieces, atStart);
            }
        };
    }

    private static void rebuild(List<String> pieces, java.util.function.Function<String, List<String>> f) {
        List<String> out = new ArrayList<>(pieces.size() * 2);
        for (String p : pieces) {
            for (String q : f.apply(p)) {
                if (!q.isEmpty()) {
                    out.add(q);
                }
            }
        }
        pieces.clear();
        pieces.addAll(out);
    }

    /** Splits {@code s} at the regex matches and regroups matches and gaps as {@code behavior} says. */
    static List<String> splitByRegex(String s, Pattern pattern, Behavior behavior, boolean invert) {
        List<int[]> segments = new ArrayList<>(); // {start, end, isMatch}
        Matcher m = pattern.matcher(s);
        int prev = 0;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (m.start() > prev) {
                segments.add(new int[] {prev, m.start(), invert ? 1 : 0});
            }
            segments.add(new int[] {m.start(), m.end(), invert ? 0 : 1});
            prev = m.end();
        }
        if (prev < s.length()) {
            segments.add(new int[] {prev, s.length(), invert ? 1 : 0});
        }
        return behavior.regroup(s, segments);
    }

    /** How a Split pre-tokenizer treats the matched delimiters (Hugging Face SplitDelimiterBehavior). */
    enum Behavior {
        REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

        static Behavior fromJson(String name) {
            return switch (name) {
                case "Removed" -> REMOVED;
                case "Isolated" -> ISOLATED;
                case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
                case "MergedWithNext" -> MERGED_WITH_NEXT;
                case "Contiguous" -> CONTIGUOUS;
                default -> throw new UnableToLoadTokenizerException("Split pre_tokenizer behavior '" + name
                        + "' is unknown; expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous");
            };
        }

        List<String> regroup(String s, List<int[]> segments) {
            List<int[]> out = new ArrayList<>();
            boolean previousMatch = false;
            switch (this) {
                case REMOVED -> segments.stream().filter(g -> g[2] == 0).forEach(out::add);
                case ISOLATED -> out.addAll(segments);
                case CONTIGUOUS -> {
                    for (int[] g : segments) {
                        if (!out.isEmpty() && (g[2] == 1) == previousMatch) { // also joins adjacent gaps (invert)
                            out.getLast()[1] = g[1];
                        } else {
                            out.add(g.clone());
                        }
                        previousMatch = g[2] == 1;
                    }
                }
                case MERGED_WITH_PREVIOUS -> {
                    for (int[] g : segments) {
                        if (g[2] == 1 && !previousMatch && !out.isEmpty()) {
                            out.getLast()[1] = g[1];
                        } else {
                            out.add(g.clone());
                        }
                        previousMatch = g[2] == 1;
                    }
                }
                case MERGED_WITH_NEXT -> {
                    for (int i = segments.size() - 1; i >= 0; i--) {
                        int[] g = segments.get(i);
                        if (g[2] == 1 && !previousMatch && !out.isEmpty()) {
                            out.getLast()[0] = g[0];
                        } else {
                            out.add(g.clone());
                        }
                        previousMatch = g[2] == 1;
                    }
                    java.util.Collections.reverse(out);
                }
                default -> throw new IllegalStateException(name());
            }
            List<String> pieces = new ArrayList<>(out.size());
            for (int[] g : out) {
                pieces.add(s.substring(g[0], g[1]));
            }
            return pieces;
        }
    }
}
