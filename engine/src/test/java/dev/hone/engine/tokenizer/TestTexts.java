package dev.hone.engine.tokenizer;

import java.util.List;
import java.util.Random;

/** Fixed texts the golden tokenizer tests encode with Hone and with the oracle. */
final class TestTexts {
    private TestTexts() {
    }

    /** Emoji, CJK, Arabic, Devanagari, Cyrillic, code with tabs and whitespace runs, numbers, contractions. */
    static final String MULTILINGUAL = String.join("\n",
            "Hello, world! It's a test: don't, I'M, we'll, they've, she'd, YOU'RE.",
            "Emoji: 🎉🔥👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ and ☕ — “quotes” ‘single’ … «guillemets»",
            "中文：你好，世界！今天天气很好。日本語：こんにちは、世界。한국어: 안녕하세요 세계",
            "العربية: مرحبا بالعالم، كيف حالك؟ ١٢٣٤٥",
            "हिन्दी: नमस्ते दुनिया। Русский: Привет, мир! Ελληνικά: Γειά σου κόσμε",
            "def fib(n):\n\tif n < 2:\n\t\treturn n\n\treturn fib(n - 1) + fib(n - 2)\n",
            "    four spaces,\t\ttwo tabs,   \n\n\n three newlines,\r\nCRLF, trailing   ",
            "numbers: 1234567890 3.14159 -42 1e-9 0xFF 2026-11-26 12:34:56 $1,000,000.00 ½ ²",
            "nbsp:\u00a0here ideographic:\u3000space thin:\u2009space zero-width:\u200bjoin",
            "URLs: https://example.com/path?query=1&x=y#frag and emails a.b@c.de",
            "mixed-CASE wOrDs ALLCAPS camelCase snake_case kebab-case __dunder__",
            "accents: café naïve résumé façade Ångström ñandú; combining: e\u0301 a\u0308; rare: 🦜龘ꙮ𝔘",
            "  leading spaces and a final newline\n");

    /** Pieces of a larger pseudo-random text: a deterministic mix of scripts, code, numbers and spaces. */
    private static final List<String> WORDS = List.of(
            "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Tokenizer", "training",
            "don't", "it's", "we're", "你好", "世界", "学习", "模型", "こんにちは", "東京", "مرحبا", "سلام",
            "नमस्ते", "Привет", "мир", "🎉", "🔥", "👍🏽", "🙂", "42", "3.14", "1000000", "0x1F", "foo_bar",
            "camelCase", "{", "}", "(", ")", "=>", "==", "!=", "//", "/*", "*/", ";", ",", ".", "?", "!",
            "\t", "\n", "\n\n", "  ", "    ", "\r\n", "café", "Ångström", "ß", "İstanbul", "ǅ", "\u00a0");

    /** About {@code chars} characters of deterministic text built from a fixed seed. */
    static String large(int chars, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(chars + 32);
        while (sb.length() < chars) {
            String w = WORDS.get(random.nextInt(WORDS.size()));
            sb.append(w);
            int sep = random.nextInt(10);
            if (sep < 7) {
                sb.append(' ');
            } else if (sep == 7) {
                sb.append("  ");
            }
        }
        return sb.toString();
    }
}
