package dev.hone.server.validation;

import static dev.hone.server.validation.Datasets.CHAT;
import static dev.hone.server.validation.Datasets.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Line-level rules shared by the job check and the upload check: encoding, length, JSON, objects, blanks. */
class JsonlSyntaxTest {
    @Test
    void lineThatIsNotJsonIsAFileFormatError() {
        DatasetProblem p = only(Datasets.chatFirst("{\"messages\": [}"));
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, p.code());
        assertTrue(p.message().startsWith("Invalid file format. Example 1 is not valid JSON: "), p.message());
        assertTrue(p.message().contains("(column "), p.message());
    }

    @Test
    void twoObjectsOnOneLineAreNotValidJson() {
        DatasetProblem p = only(Datasets.chatFirst(CHAT + " " + CHAT));
        assertTrue(p.message().contains("is not valid JSON"), p.message());
    }

    @Test
    void jsonThatIsNotAnObjectIsReported() {
        DatasetProblem p = only(Datasets.chatFirst("[" + CHAT + "]"));
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, p.code());
        assertTrue(p.message().startsWith("Invalid file format. Example 1 is not a JSON object (found a list)"),
                p.message());
    }

    @Test
    void nonUtf8LineIsReportedWithItsLine() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            byte[] line = (i == 4 ? "{\"prompt\": \"caf\u00e9\", \"completion\": \"ok\"}" : Datasets.COMPLETION)
                    .getBytes(i == 4 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            file.writeBytes(line);
            file.write('\n');
        }
        DatasetProblem p = only(Datasets.validate(TrainingMethod.SUPERVISED, file.toByteArray()));
        assertEquals(5, p.line());
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, p.code());
        assertTrue(p.message().startsWith("Invalid file format. Example 5 is not valid UTF-8 (invalid byte 0xE9"),
                p.message());
    }

    @Test
    void twentyMegabyteLineIsRejectedWithoutKeepingIt() throws IOException {
        long big = 20L * 1024 * 1024;
        InputStream in = new GeneratedStream(Datasets.repeat(CHAT, 3), big, Datasets.repeat(CHAT, 8));
        ValidationReport report = new DatasetValidator(TrainingMethod.SUPERVISED).validate(in);
        DatasetProblem p = only(report);
        assertEquals(4, p.line());
        assertEquals(DatasetProblem.INVALID_FILE_FORMAT, p.code());
        assertTrue(p.message().startsWith("Invalid file format. Example 4 is " + big + " bytes long, over the limit of "
                + JsonlLineReader.MAX_LINE_BYTES + " bytes (4 MiB) per line"), p.message());
        assertEquals(12, report.examples());
    }

    @Test
    void blankLinesAreSkippedAndNotCountedButKeepLineNumbers() {
        String text = "\n" + Datasets.repeat(CHAT, 5) + "   \n\t\n" + Datasets.repeat(CHAT, 4)
                + "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}\n\n";
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, text);
        assertEquals(10, report.examples());
        assertEquals(10 + 3, only(report).line());
    }

    @Test
    void crlfLineEndingsAndAByteOrderMarkAreAccepted() {
        String text = "\ufeff" + (CHAT + "\r\n").repeat(10);
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, text);
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(10, report.examples());
    }

    @Test
    void lastLineWithoutNewlineCounts() {
        ValidationReport report = Datasets.validate(TrainingMethod.SUPERVISED, Datasets.repeat(CHAT, 9) + CHAT);
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(10, report.examples());
    }

    @Test
    void uploadCheckAcceptsAnyJsonObjectLines() {
        ValidationReport report = Datasets.checkJsonl("{\"a\": 1}\n{\"b\": [2]}\n".getBytes(StandardCharsets.UTF_8));
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(2, report.examples());
    }

    @Test
    void uploadCheckRejectsAnEmptyFile() {
        DatasetProblem p = only(Datasets.checkJsonl(new byte[0]));
        assertEquals(0, p.line());
        assertEquals("Expected file to have JSONL format, where every line is a valid JSON dictionary. The file is"
                + " empty.", p.message());
        assertTrue(only(Datasets.checkJsonl("\n \n".getBytes(StandardCharsets.UTF_8))).message()
                .endsWith("The file is empty (it has only blank lines)."));
    }

    @Test
    void uploadCheckNamesTheBadLine() {
        byte[] file = "{\"a\": 1}\n42\n{\"b\": \n[1, 2]\n{\"c\": [1, }\n{} {}\n\"x\"\n"
                .getBytes(StandardCharsets.UTF_8);
        ValidationReport report = Datasets.checkJsonl(file);
        assertEquals(6, report.problems().size(), report.problems().toString());
        assertEquals(2, report.problems().get(0).line());
        assertTrue(report.problems().get(0).message().startsWith("Expected file to have JSONL format, where every"
                + " line is a valid JSON dictionary. Line 2 is not a JSON object (found a number)"));
        assertTrue(report.problems().get(1).message().contains("Line 3 is not valid JSON"));
        assertTrue(report.problems().get(2).message().contains("Line 4 is not a JSON object (found a list)"));
        assertTrue(report.problems().get(3).message().contains("Line 5 is not valid JSON"));
        assertTrue(report.problems().get(4).message().contains("Line 6 is not valid JSON: Unexpected content after"));
        assertTrue(report.problems().get(5).message().contains("Line 7 is not a JSON object (found a string)"));
        assertEquals(7, report.examples());
    }

    /** {@code head}, then one line of {@code size} 'x' bytes produced on demand, then {@code tail}. */
    private static final class GeneratedStream extends InputStream {
        private final byte[] head;
        private final long size;
        private final byte[] tail;
        private long pos;

        GeneratedStream(String head, long size, String tail) {
            this.head = head.getBytes(StandardCharsets.UTF_8);
            this.size = size;
            this.tail = ("\n" + tail).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            long p = pos++;
            if (p < head.length) {
                return head[(int) p];
            }
            p -= head.length;
            if (p < size) {
                return 'x';
            }
            p -= size;
            return p < tail.length ? tail[(int) p] : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long body = pos - head.length;
            if (body >= 0 && body < size) {
                int n = (int) Math.min(len, size - body);
                Arrays.fill(b, off, off + n, (byte) 'x');
                pos += n;
                return n;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }
}
